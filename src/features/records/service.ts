import type { Updateable } from 'kysely';
import type { Actor, ActorCtx, Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole, regulatorDept } from '../../core/policy.js';
import type { Db, RecordsTable, Trx } from '../../db/types.js';
import { recordDisclosure, recordLifecycleDisclosure } from '../../disclosure/index.js';
import { addDays, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { revokeRedEntries } from '../lists/index.js';
import { findSubject } from '../subjects/index.js';
import { awaitsDisplayDecision } from './allowed-actions.js';
import { assertCanChangeRecord, assertCanReadRecordsOf, assertMayActFor, HOLD_READERS } from './policy.js';
import * as repo from './repo.js';
import type { CorrectionInput, CreateRecordInput, ObligationsMetInput, RecordView, SectorCode } from './schemas.js';
import { displayWindow, impliedClass, isBelow, type Penalty, pickRule } from './windows.js';

/**
 * The current revision, locked. A revision superseded while this request waited for the lock is not
 * "not found": the loser of the race gets 409 with the revision that is current now.
 */
async function lockCurrentOrConflict(trx: Trx, id: string) {
  const current = await repo.lockCurrent(trx, id);
  if (current) return current;
  const now = await repo.findCurrent(trx, id);
  if (!now) throw fail.notFound(`record ${id}`);
  throw fail.conflict(`record ${id} was changed by another request meanwhile; it is now at revision ${now.revision}`, {
    currentRevision: now.revision,
  });
}

/** Credit records: recorded by a department, corrected by revisions, never edited in place. */

type RecordFacts = {
  kind: 'dishonesty' | 'good';
  category: string;
  severity?: 'minor' | 'general' | 'serious' | null;
  decidedOn: IsoDate;
  penalties: Penalty[];
  sector?: SectorCode;
};

/** Checks category and date, then computes the display window under the rules in force that day. */
async function judge(trx: Trx, ctx: Ctx, department: string, facts: RecordFacts) {
  if (facts.decidedOn > ctx.clock.today())
    throw fail.validation('decidedOn', `a decision date in the future (${facts.decidedOn}) is refused`);
  const catalogue = await repo.categories(trx);
  const category = catalogue.find((c) => c.code === facts.category);
  const valid = catalogue.filter((c) => c.kind === facts.kind).map((c) => c.code);
  if (!category || category.kind !== facts.kind) {
    throw new DomainError('VALIDATION', `category: '${facts.category}' is not a ${facts.kind} category; valid: ${valid.join(', ')}`, {
      errors: [{ path: 'category', message: 'unknown category' }],
      validCategories: valid,
    });
  }
  if (facts.kind === 'dishonesty' && facts.severity) {
    const { table, standard } = await repo.penaltyClasses(trx, department);
    const implied = impliedClass(facts.penalties, table, standard);
    if (implied && isBelow(facts.severity, implied.severity)) {
      const by = implied.source === 'standard' ? `the department's own standard` : 'the penalty table';
      throw fail.rule(
        `severity: the penalty ${implied.penalty} makes the record at least ${implied.severity} (${by}); it was recorded as ${facts.severity}`,
        {
          penalty: implied.penalty,
          leastSeverity: implied.severity,
        },
      );
    }
  }
  // The sector decides sector rules (safety: 特种设备、安全生产、消防; construction: 建市〔2017〕241号).
  const sector = facts.sector ?? category.sector;
  const rule = pickRule(await repo.rulesInForce(trx, facts.decidedOn), facts.kind, facts.severity ?? 'none', sector);
  if (!rule) throw new DomainError('RULE_VIOLATED', `no display rule is in force on ${facts.decidedOn}`);
  return { ...displayWindow(rule, facts.decidedOn, facts.penalties), sector };
}

export async function createRecord(
  db: Db,
  ctx: ActorCtx,
  input: CreateRecordInput,
  link: { commitmentId?: string } = {},
): Promise<RecordView> {
  const department = regulatorDept(ctx.actor, 'records credit facts');
  return db.transaction().execute((trx) => insertRecord(trx, ctx, department, input, link));
}

/**
 * The insert itself, for callers that already hold a transaction (a broken commitment, a justified
 * arrears complaint, a verified market report: `link.reportId`). `link.id` lets a caller that
 * announced the record's id beforehand create it under that id (so doing it twice is impossible). `link.sanctionUntil` puts the record under the
 * false-materials sanction from the start (a broken 信用修复型 commitment): shown until then with no early
 * end, and no repair before.
 */
export async function insertRecord(
  trx: Trx,
  ctx: Ctx,
  department: string,
  input: CreateRecordInput,
  link: { commitmentId?: string; reportId?: string; id?: string; sanctionUntil?: IsoDate } = {},
) {
  const subject = await findSubject(trx, input.subjectUscc);
  if (!subject) throw new DomainError('RULE_VIOLATED', `subjectUscc: no subject is registered with ${input.subjectUscc}`);
  const window = await judge(trx, ctx, department, input);
  const id = link.id ?? newId('record', ctx.clock.now());
  const row = await trx
    .insertInto('credit.records')
    .values({
      id,
      revision: 1,
      subject_id: subject.id,
      department,
      kind: input.kind,
      category: input.category,
      severity: input.kind === 'dishonesty' ? input.severity! : null,
      facts: input.facts,
      basis: input.basis,
      document_no: input.documentNo,
      decided_on: input.decidedOn,
      penalties: JSON.stringify(input.penalties),
      evidence: JSON.stringify(input.evidence),
      rule_version: window.ruleVersion,
      sector: window.sector,
      is_public: window.isPublic,
      display_from: window.displayFrom,
      repairable_from: window.repairableFrom,
      display_until: window.displayUntil,
      shown_until: link.sanctionUntil && link.sanctionUntil > window.displayUntil ? link.sanctionUntil : window.displayUntil,
      repair_blocked_until: link.sanctionUntil ?? null,
      obligations_unmet: input.obligationsUnmet ?? false,
      commitment_id: link.commitmentId ?? null,
      report_id: link.reportId ?? null,
      reason: null,
      recorded_by: ctx.actor.sub,
      recorded_at: ctx.clock.now(),
    })
    .onConflict((oc) => oc.columns(['department', 'document_no']).where('superseded_at', 'is', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw fail.conflict(`department ${department} already has a record with document number ${input.documentNo}`);
  const view = repo.toView({ ...row, uscc: subject.uscc, subject_name: subject.name });
  await recordPublicChange(trx, ctx, 'record.created', {
    action: 'record.create',
    entityType: 'record',
    entityId: id,
    subjectId: subject.id,
    after: view,
    payload: recordDisclosure(view),
  });
  if (view.severity === 'serious') await revokeRedEntries(trx, ctx, subject.id, `serious record ${id} (${view.documentNo})`);
  return view;
}

/** Route guard for corrections: the record exists and the actor may change it (before the body is read). */
export async function authorizeCorrection(db: Db, actor: Actor, id: string): Promise<void> {
  const current = await repo.findCurrent(db, id);
  if (!current) throw fail.notFound(`record ${id}`);
  assertCanChangeRecord(actor, current);
}

export function correctRecord(db: Db, ctx: ActorCtx, id: string, input: CorrectionInput): Promise<RecordView> {
  return db.transaction().execute((trx) => correctRecordIn(trx, ctx, id, input));
}

/**
 * A correction in the caller's transaction. Under an objection partly upheld (`link.objectionId`), the
 * department deciding the objection corrects its own record, and the revision names the objection.
 */
export async function correctRecordIn(trx: Trx, ctx: ActorCtx, id: string, input: CorrectionInput, link: { objectionId?: string } = {}) {
  const current = await lockCurrentOrConflict(trx, id);
  if (link.objectionId) assertMayActFor(ctx.actor, current.department);
  else assertCanChangeRecord(ctx.actor, current);
  if (current.kind === 'good' && input.severity) throw fail.validation('severity', 'only dishonesty records have a severity');
  const merged = {
    kind: current.kind,
    category: input.category ?? current.category,
    severity: input.severity ?? current.severity,
    facts: input.facts ?? current.facts,
    basis: input.basis ?? current.basis,
    documentNo: input.documentNo ?? current.document_no,
    decidedOn: input.decidedOn ?? current.decided_on,
    penalties: input.penalties ?? (current.penalties as Penalty[]),
    evidence: input.evidence ?? current.evidence,
    obligationsUnmet: input.obligationsUnmet ?? current.obligations_unmet,
  };
  const window = await judge(trx, ctx, current.department, merged);
  const now = ctx.clock.now();
  await trx
    .updateTable('credit.records')
    .set({ superseded_at: now })
    .where('id', '=', id)
    .where('revision', '=', current.revision)
    .execute();
  const row = await trx
    .insertInto('credit.records')
    .values({
      id,
      revision: current.revision + 1,
      subject_id: current.subject_id,
      department: current.department,
      kind: current.kind,
      category: merged.category,
      severity: merged.severity,
      facts: merged.facts,
      basis: merged.basis,
      document_no: merged.documentNo,
      decided_on: merged.decidedOn,
      penalties: JSON.stringify(merged.penalties),
      evidence: JSON.stringify(merged.evidence),
      rule_version: window.ruleVersion,
      sector: window.sector,
      is_public: window.isPublic,
      display_from: window.displayFrom,
      repairable_from: window.repairableFrom,
      display_until: window.displayUntil,
      // Lifecycle carries over; a record still running gets the period of its corrected facts.
      // A false-materials sanction (3 years shown, no early end) is never shortened by a correction.
      shown_until:
        current.end_reason !== null
          ? current.shown_until
          : current.repair_blocked_until && current.shown_until > window.displayUntil
            ? current.shown_until
            : window.displayUntil,
      obligations_unmet: merged.obligationsUnmet,
      end_reason: current.end_reason,
      ended_on: current.ended_on,
      voided_on: current.voided_on,
      repair_blocked_until: current.repair_blocked_until,
      obligations_met_on: current.obligations_met_on,
      obligations_met_document_no: current.obligations_met_document_no,
      commitment_id: current.commitment_id,
      report_id: current.report_id,
      reason: input.reason,
      objection_id: link.objectionId ?? null,
      recorded_by: ctx.actor.sub,
      recorded_at: now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const before = repo.toView(current);
  const after = repo.toView({ ...row, uscc: current.uscc, subject_name: current.subject_name });
  await recordPublicChange(trx, ctx, 'record.corrected', {
    action: 'record.correct',
    entityType: 'record',
    entityId: id,
    subjectId: current.subject_id,
    before,
    after,
    payload: recordDisclosure(after),
  });
  if (after.severity === 'serious' && before.severity !== 'serious') {
    await revokeRedEntries(trx, ctx, current.subject_id, `record ${id} corrected to serious`);
  }
  return after;
}

export async function getRecord(db: Db, actor: Actor, id: string) {
  const revisions = await repo.history(db, id);
  const current = revisions.find((r) => r.superseded_at === null);
  if (!current) throw fail.notFound(`record ${id}`);
  assertCanReadRecordsOf(actor, current.uscc);
  return { ...repo.toView(current), history: revisions.map(repo.toView) };
}

export async function recordsOfSubject(db: Db, actor: Actor, uscc: string) {
  assertCanReadRecordsOf(actor, uscc);
  const subject = await findSubject(db, uscc);
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  return { items: (await repo.currentOfSubject(db, subject.id)).map(repo.toView) };
}

export async function listCategories(db: Db) {
  return { items: (await repo.categories(db)).map((c) => ({ code: c.code, name: c.name, sector: c.sector, kind: c.kind })) };
}

/** Records past their shown period but held because obligations are unmet: waiting for a person. */
export async function heldRecords(db: Db, actor: Actor, today: IsoDate) {
  assertRole(actor, HOLD_READERS, 'read held records');
  let query = db
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .selectAll('r')
    .select(['s.uscc', 's.name as subject_name'])
    .where('r.superseded_at', 'is', null)
    .where('r.obligations_unmet', '=', true)
    .where('r.end_reason', 'is', null)
    .where('r.voided_on', 'is', null)
    .where('r.shown_until', '<', today);
  if (actor.role === 'regulator') query = query.where('r.department', '=', actor.dept!);
  return { items: (await query.orderBy('r.shown_until').orderBy('r.id').limit(500).execute()).map(repo.toView) };
}

/** A person's decision to end the display of a held record (domain §3: the sector's rule decides). */
export async function endHeldDisplay(db: Db, ctx: ActorCtx, id: string, reason: string) {
  return db.transaction().execute(async (trx) => {
    const current = await lockCurrentOrConflict(trx, id);
    assertCanChangeRecord(ctx.actor, current);
    const today = ctx.clock.today();
    if (!awaitsDisplayDecision(repo.toView(current), today)) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'only a record held past its display period for unmet obligations waits for this decision',
      );
    }
    const yesterday = addDays(today, -1);
    return changeCurrent(
      trx,
      ctx,
      current,
      'record.display_ended',
      'record.display_end',
      {
        end_reason: 'ended_by_decision',
        ended_on: today,
        shown_until: yesterday > current.shown_until ? yesterday : current.shown_until,
      },
      { decisionReason: reason },
    );
  });
}

/**
 * The deciding department records that the subject has met its obligations (a step with its document
 * number): a held record may then end its display, and a repair may succeed (36号令).
 */
export async function recordObligationsMet(db: Db, ctx: ActorCtx, id: string, input: ObligationsMetInput) {
  if (input.metOn > ctx.clock.today()) throw fail.validation('metOn', 'a day in the future is refused');
  return db.transaction().execute(async (trx) => {
    const current = await lockCurrentOrConflict(trx, id);
    assertCanChangeRecord(ctx.actor, current);
    if (!current.obligations_unmet) throw fail.transition(`record ${id} has no unmet obligations`, 'obligations_met');
    if (input.metOn < current.decided_on) throw fail.validation('metOn', `before the decision of ${current.decided_on}`);
    return changeCurrent(trx, ctx, current, 'record.obligations_met', 'record.obligations_met', {
      obligations_unmet: false,
      obligations_met_on: input.metOn,
      obligations_met_document_no: input.documentNo,
    });
  });
}

/**
 * A person's step on the current revision, in place (display ended by decision, obligations met): the
 * change, its audit row (with what the person said) and the platform's event, in the caller's transaction.
 */
async function changeCurrent(
  trx: Trx,
  ctx: ActorCtx,
  current: NonNullable<Awaited<ReturnType<typeof repo.lockCurrent>>>,
  event: 'record.display_ended' | 'record.obligations_met',
  action: string,
  set: Updateable<RecordsTable>,
  said: Record<string, string> = {},
) {
  const row = await trx
    .updateTable('credit.records')
    .set(set)
    .where('id', '=', current.id)
    .where('revision', '=', current.revision)
    .returningAll()
    .executeTakeFirstOrThrow();
  const after = repo.toView({ ...row, uscc: current.uscc, subject_name: current.subject_name });
  await recordPublicChange(trx, ctx, event, {
    action,
    entityType: 'record',
    entityId: current.id,
    subjectId: current.subject_id,
    before: repo.toView(current),
    after: { ...after, ...said },
    payload: recordLifecycleDisclosure(after),
  });
  return after;
}
