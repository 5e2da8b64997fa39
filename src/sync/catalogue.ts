import { z } from 'zod';
import {
  agencyAdmitted,
  agencySuspension,
  announcementCancelled,
  announcementPublished,
  marketSelection,
  ratingGiven,
  ratingObjectionUpheld,
  reportVerified,
} from './market-payloads.js';

/**
 * Every event the registry emits, named once, in the past tense (`<entity>.<what happened>`), each
 * with the zod schema of its payload. `public` events are what the city platform's feed carries (their
 * payloads come from the disclosure module); `internal` events pass between parts of the registry
 * (the arrears ledger telling the credit side) and never leave it. The outbox refuses a payload that
 * does not match, so nothing unvetted is ever written.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const nullableDate = date.nullable();
const penalty = z.object({ type: z.string(), content: z.string().optional(), termMonths: z.number().int().optional() }).strict();

const subject = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    kind: z.string(),
    legalRepresentative: z.string(),
    region: z.string(),
    previousNames: z.array(z.string()),
  })
  .strict();

const record = z.union([
  z
    .object({
      id: z.string(),
      revision: z.number().int(),
      public: z.literal(true),
      subjectUscc: z.string(),
      subjectName: z.string(),
      department: z.string(),
      kind: z.string(),
      category: z.string(),
      severity: z.string().nullable(),
      facts: z.string(),
      basis: z.string(),
      documentNo: z.string(),
      decidedOn: date,
      penalties: z.array(penalty),
      displayFrom: date,
      displayUntil: date,
      shownUntil: date,
      repairableFrom: nullableDate,
      endReason: z.string().nullable(),
      endedOn: nullableDate,
      voidedOn: nullableDate,
    })
    .strict(),
  z.object({ id: z.string(), revision: z.number().int(), subjectUscc: z.string(), public: z.literal(false) }).strict(),
]);

const recordLifecycle = z.union([
  z
    .object({
      id: z.string(),
      public: z.literal(true),
      shownUntil: date,
      endReason: z.string().nullable(),
      endedOn: nullableDate,
      voidedOn: nullableDate,
      repairBlockedUntil: nullableDate,
    })
    .strict(),
  z.object({ id: z.string(), public: z.literal(false) }).strict(),
]);

const listEntry = z.union([
  z
    .object({
      id: z.string(),
      public: z.literal(true),
      subjectUscc: z.string(),
      subjectName: z.string(),
      list: z.string(),
      department: z.string(),
      reason: z.string().nullable(),
      basis: z.string().nullable(),
      documentNo: z.string(),
      state: z.string(),
      validFrom: date,
      validUntil: date,
      exitedOn: nullableDate,
      exitReason: z.string().nullable(),
      voided: z.boolean(),
    })
    .strict(),
  z.object({ id: z.string(), state: z.string(), public: z.literal(false) }).strict(),
]);

const commitment = z.union([
  z
    .object({
      id: z.string(),
      public: z.literal(true),
      code: z.string(),
      subjectUscc: z.string(),
      subjectName: z.string(),
      subjectKind: z.string(),
      type: z.string(),
      typeName: z.string(),
      reason: z.string(),
      content: z.string(),
      liability: z.string(),
      madeOn: date,
      validUntil: nullableDate,
      acceptingUnitUscc: z.string(),
      acceptingUnitName: z.string(),
      publicity: z.string(),
      status: z.string(),
      fulfilmentOn: nullableDate,
      fulfilmentUnitUscc: z.string().nullable(),
      fulfilmentNote: z.string().nullable(),
      recordId: z.string().nullable(),
    })
    .strict(),
  z
    .object({
      id: z.string(),
      code: z.string(),
      publicity: z.string(),
      status: z.string(),
      recordId: z.string().nullable(),
      public: z.literal(false),
    })
    .strict(),
]);

const caseState = z.object({ id: z.string(), target: z.string(), targetId: z.string(), state: z.string() }).strict();

const evaluationRun = z
  .object({
    id: z.string(),
    year: z.number().int(),
    asOf: date,
    ruleVersion: z.string(),
    subjects: z.number().int(),
    grades: z.record(z.string(), z.number().int()),
    startedAt: z.string(),
    finishedAt: z.string(),
    supersedes: z.string().nullable(),
    supersedeReason: z.string().nullable(),
  })
  .strict();

/** A justified arrears complaint, for the credit side to record against the debtor body (exactly once). */
const complaintJustified = z
  .object({
    complaintId: z.string(),
    contractId: z.string(),
    projectName: z.string(),
    creditRecordId: z.string(),
    decidedBy: z.object({ sub: z.string(), dept: z.string() }).strict(),
    debtor: z.object({ uscc: z.string(), name: z.string() }).strict(),
    documentNo: z.string(),
    decidedOn: date,
  })
  .strict();

/** The credit side could not record a justified complaint (e.g. the document number is taken): the ledger reopens it. */
const recordRefused = z.object({ complaintId: z.string(), creditRecordId: z.string(), reason: z.string() }).strict();

const pub = <T extends z.ZodTypeAny>(schema: T) => ({ audience: 'public' as const, schema });
const internal = <T extends z.ZodTypeAny>(schema: T) => ({ audience: 'internal' as const, schema });

export const EVENTS = {
  'subject.created': pub(subject),
  'subject.updated': pub(subject),
  'subject.renamed': pub(subject),
  'record.created': pub(record),
  'record.corrected': pub(record),
  'record.display_ended': pub(recordLifecycle),
  'record.voided': pub(recordLifecycle),
  'record.shown_again': pub(recordLifecycle),
  'record.obligations_met': pub(recordLifecycle),
  'list_entry.proposed': pub(listEntry),
  'list_entry.notified': pub(listEntry),
  'list_entry.statement_made': pub(listEntry),
  'list_entry.published': pub(listEntry),
  'list_entry.withdrawn': pub(listEntry),
  'list_entry.exited': pub(listEntry),
  'list_entry.voided': pub(listEntry),
  'list_entry.reinstated': pub(listEntry),
  'commitment.created': pub(commitment),
  'commitment.fulfilment_decided': pub(commitment),
  'objection.filed': pub(caseState),
  'objection.forwarded': pub(caseState),
  'objection.extended': pub(caseState),
  'objection.upheld': pub(caseState),
  'objection.partly_upheld': pub(caseState),
  'objection.rejected': pub(caseState),
  'repair.applied': pub(caseState),
  'repair.accepted': pub(caseState),
  'repair.refused': pub(caseState),
  'repair.approved': pub(caseState),
  'repair.rejected': pub(caseState),
  'repair.revoked': pub(caseState),
  'repair.reopened': pub(caseState),
  'repair.reinstated': pub(caseState),
  'evaluation.run_completed': pub(evaluationRun),
  // ── 中介超市: agencies (features/agencies) ──
  'market.agency_admitted': pub(agencyAdmitted),
  'market.agency_suspended': pub(agencySuspension),
  'market.agency_suspension_lifted': pub(agencySuspension),
  // ── 中介超市: announcements and selections (features/announcements) ──
  'market.announcement_published': pub(announcementPublished),
  'market.announcement_cancelled': pub(announcementCancelled),
  'market.selection_made': pub(marketSelection),
  'market.selection_changed': pub(marketSelection),
  // ── 中介超市: ratings and reports (features/ratings, features/reports) ──
  'market.rating_given': pub(ratingGiven),
  'market.rating_objection_upheld': pub(ratingObjectionUpheld),
  'market.report_verified': internal(reportVerified),
  'arrears.complaint_justified': internal(complaintJustified),
  'credit.record_refused': internal(recordRefused),
} as const;

export type EventType = keyof typeof EVENTS;
export type EventPayload<T extends EventType> = z.input<(typeof EVENTS)[T]['schema']>;

export const EVENT_TYPES = Object.keys(EVENTS) as EventType[];
export const PUBLIC_EVENT_TYPES = EVENT_TYPES.filter((t) => EVENTS[t].audience === 'public');

export function isEventType(type: string): type is EventType {
  return Object.hasOwn(EVENTS, type);
}
