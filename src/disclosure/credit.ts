import { maskPersonalData } from './masking.js';

/**
 * What leaves the regulator's view (domain §11), decided here and nowhere else: the public profile,
 * the signed status, the events the city platform receives, exports and pages all call these. Pure
 * functions over plain shapes, so every caller (verb, job, page) gets the same answer.
 *
 * The public sees: a subject's name, code, kind, 法定代表人 and former names; records that are public
 * by rule while in effect; list entries from publication on. Never: minor records, statements
 * (陈述申辩), evidence, who recorded what, or private notes. Every text that leaves, structured fields
 * (names, former names, 法定代表人, document numbers) as much as free text, passes through
 * maskPersonalData: input checks refuse ID and phone numbers in name fields, but what was stored
 * before them, or arrives by another way (a consumer, the seed), must not leak either.
 */
const m = maskPersonalData;
type Penalty = { type: string; content?: string; termMonths?: number };

export function publicPenalties(penalties: Penalty[]) {
  return penalties.map((p) => ({
    type: m(p.type),
    ...(p.content ? { content: m(p.content) } : {}),
    ...(p.termMonths ? { termMonths: p.termMonths } : {}),
  }));
}

export type SubjectFacts = {
  id: string;
  uscc: string;
  name: string;
  kind: string;
  legalRepresentative: string;
  region: string;
  previousNames: string[];
};

export function subjectDisclosure(s: SubjectFacts) {
  return {
    id: s.id,
    uscc: s.uscc,
    name: m(s.name),
    kind: s.kind,
    legalRepresentative: m(s.legalRepresentative),
    region: s.region,
    previousNames: s.previousNames.map(m),
  };
}

/** A subject as the public sees it (profile header, public search): who it is, never how to reach a person. */
export function publicSubject(s: { uscc: string; name: string; kind: string; legalRepresentative: string; previousNames: string[] }) {
  return {
    uscc: s.uscc,
    name: m(s.name),
    kind: s.kind,
    legalRepresentative: m(s.legalRepresentative),
    previousNames: s.previousNames.map(m),
  };
}

export type RecordFacts = {
  id: string;
  revision: number;
  subjectUscc: string;
  subjectName: string;
  department: string;
  kind: string;
  category: string;
  severity: string | null;
  facts: string;
  basis: string;
  documentNo: string;
  decidedOn: string;
  penalties: Penalty[];
  public: boolean;
  displayFrom: string;
  displayUntil: string;
  shownUntil: string;
  repairableFrom: string | null;
  endReason: string | null;
  endedOn: string | null;
  voidedOn: string | null;
};

/** A record as the platform may receive it: all of it that is public when public, else that it exists. */
export function recordDisclosure(r: RecordFacts) {
  if (!r.public) return { id: r.id, revision: r.revision, subjectUscc: r.subjectUscc, public: false as const };
  return {
    id: r.id,
    revision: r.revision,
    public: true as const,
    subjectUscc: r.subjectUscc,
    subjectName: m(r.subjectName),
    department: r.department,
    kind: r.kind,
    category: r.category,
    severity: r.severity,
    facts: m(r.facts),
    basis: m(r.basis),
    documentNo: m(r.documentNo),
    decidedOn: r.decidedOn,
    penalties: publicPenalties(r.penalties),
    displayFrom: r.displayFrom,
    displayUntil: r.displayUntil,
    shownUntil: r.shownUntil,
    repairableFrom: r.repairableFrom,
    endReason: r.endReason,
    endedOn: r.endedOn,
    voidedOn: r.voidedOn,
  };
}

export type RecordLifecycleFacts = {
  id: string;
  public: boolean;
  shownUntil: string;
  endReason: string | null;
  endedOn: string | null;
  voidedOn: string | null;
  repairBlockedUntil: string | null;
};

/** A change of display (ended, voided, shown again): the dates for a public record, else only that it changed. */
export function recordLifecycleDisclosure(r: RecordLifecycleFacts) {
  if (!r.public) return { id: r.id, public: false as const };
  return {
    id: r.id,
    public: true as const,
    shownUntil: r.shownUntil,
    endReason: r.endReason,
    endedOn: r.endedOn,
    voidedOn: r.voidedOn,
    repairBlockedUntil: r.repairBlockedUntil,
  };
}

/**
 * A record line of a public profile (no revision, no subject: the profile names it once), from the
 * stored row as the credit side reads it (credit-rules' recordsInEffectAmongSubjects), so the subject's
 * and the agency's public profiles show a record the same way.
 */
export function profileRecord(r: {
  id: string;
  kind: string;
  category: string;
  category_name: string;
  severity: string | null;
  facts: string;
  basis: string;
  document_no: string;
  decided_on: string;
  department: string;
  penalties: unknown;
  shown_until: string;
}) {
  return {
    id: r.id,
    kind: r.kind,
    category: r.category,
    categoryName: r.category_name,
    severity: r.severity,
    facts: m(r.facts),
    basis: m(r.basis),
    documentNo: m(r.document_no),
    decidedOn: r.decided_on,
    department: r.department,
    penalties: publicPenalties(r.penalties as Penalty[]),
    shownUntil: r.shown_until,
  };
}

export type EntryFacts = {
  id: string;
  subjectUscc: string;
  subjectName: string;
  list: string;
  department: string;
  reason: string;
  basis: string;
  documentNo: string;
  state: string;
  publishedOn: string | null;
  validUntil: string;
  exitedOn: string | null;
  exitReason: string | null;
  voided: boolean;
};

/**
 * A list entry is between the department and the subject until it is published; from then on the
 * platform follows it. A voided entry (upheld objection) says so without repeating why it was listed.
 */
export function entryDisclosure(e: EntryFacts) {
  if (e.publishedOn === null) return { id: e.id, state: e.state, public: false as const };
  return {
    id: e.id,
    public: true as const,
    subjectUscc: e.subjectUscc,
    subjectName: m(e.subjectName),
    list: e.list,
    department: e.department,
    reason: e.voided ? null : m(e.reason),
    basis: e.voided ? null : m(e.basis),
    documentNo: m(e.documentNo),
    state: e.state,
    validFrom: e.publishedOn,
    validUntil: e.validUntil,
    exitedOn: e.exitedOn,
    exitReason: e.exitReason,
    voided: e.voided,
  };
}

/** A list entry line of the public profile. */
export function profileEntry(e: {
  id: string;
  list: string;
  reason: string;
  basis: string;
  documentNo: string;
  department: string;
  publishedOn: string;
  validUntil: string;
}) {
  return {
    id: e.id,
    list: e.list,
    reason: m(e.reason),
    basis: m(e.basis),
    documentNo: m(e.documentNo),
    department: e.department,
    validFrom: e.publishedOn,
    validUntil: e.validUntil,
  };
}

/** A line of the published red and black lists: the entry with the subject it names (domain §5). */
export function publishedListEntry(
  e: Parameters<typeof profileEntry>[0] & { subjectUscc: string; subjectName: string; legalRepresentative: string },
) {
  return {
    ...profileEntry(e),
    subjectUscc: e.subjectUscc,
    subjectName: m(e.subjectName),
    legalRepresentative: m(e.legalRepresentative),
  };
}

export type CommitmentFacts = {
  id: string;
  code: string;
  subjectUscc: string;
  subjectName: string;
  subjectKind: string;
  type: string;
  typeName: string;
  reason: string;
  content: string;
  liability: string;
  madeOn: string;
  validUntil: string | null;
  acceptingUnitUscc: string;
  acceptingUnitName: string;
  publicity: string;
  status: string;
  fulfilmentOn: string | null;
  fulfilmentUnitUscc: string | null;
  fulfilmentNote: string | null;
  recordId: string | null;
};

/** A commitment is published as its 公开类型 says; otherwise only its code and outcome are known. */
export function commitmentDisclosure(c: CommitmentFacts) {
  if (c.publicity !== 'public')
    return { id: c.id, code: c.code, publicity: c.publicity, status: c.status, recordId: c.recordId, public: false as const };
  return {
    id: c.id,
    public: true as const,
    code: c.code,
    subjectUscc: c.subjectUscc,
    subjectName: m(c.subjectName),
    subjectKind: c.subjectKind,
    type: c.type,
    typeName: c.typeName,
    reason: m(c.reason),
    content: m(c.content),
    liability: m(c.liability),
    madeOn: c.madeOn,
    validUntil: c.validUntil,
    acceptingUnitUscc: c.acceptingUnitUscc,
    acceptingUnitName: m(c.acceptingUnitName),
    publicity: c.publicity,
    status: c.status,
    fulfilmentOn: c.fulfilmentOn,
    fulfilmentUnitUscc: c.fulfilmentUnitUscc,
    fulfilmentNote: c.fulfilmentNote === null ? null : m(c.fulfilmentNote),
    recordId: c.recordId,
  };
}

/** Objections and repairs are between the subject and the department: the platform learns only the state. */
export function caseDisclosure(c: { id: string; target: string; targetId: string; state: string }) {
  return { id: c.id, target: c.target, targetId: c.targetId, state: c.state };
}

/** An entry in a signed list status: the facts of the listing; a voided one only that it was voided. */
export function statusEntry(e: {
  id: string;
  list: string;
  documentNo: string;
  department: string;
  publishedOn: string;
  validUntil: string;
  exitedOn: string | null;
  exitReason: string | null;
}) {
  return {
    id: e.id,
    list: e.list,
    documentNo: m(e.documentNo),
    department: e.department,
    publishedOn: e.publishedOn,
    validUntil: e.validUntil,
    exitedOn: e.exitedOn,
    exitReason: e.exitReason,
  };
}

export function voidedStatusEntry(e: { id: string; list: string }) {
  return { id: e.id, list: e.list, note: 'voided by an upheld objection: counts as never listed' };
}
