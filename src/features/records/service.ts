import type { Actor, ActorCtx, Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole, regulatorDept } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { recordDisclosure, recordLifecycleDisclosure } from '../../disclosure/index.js';
import { addDays, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { revokeRedEntries } from '../lists/index.js';
import { findSubject } from '../subjects/index.js';
import { assertCanChangeRecord, assertCanReadRecordsOf, HOLD_READERS } from './policy.js';
import * as repo from './repo.js';
import type { CorrectionInput, CreateRecordInput, RecordView } from './schemas.js';
import { displayWindow, type Penalty, pickRule } from './windows.js';

/** Credit records: recorded by a department, corrected by revisions, never edited in place. */

type RecordFacts = {
  kind: 'dishonesty' | 'good';
  category: string;
  severity?: 'minor' | 'general' | 'serious' | null;
  decidedOn: IsoDate;
  penalties: Penalty[];
};

/** Checks category and date, then computes the display window under the rules in force that day. */
async function judge(trx: Trx, ctx: Ctx, facts: RecordFacts) {
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
  const rule = pickRule(await repo.rulesInForce(trx, facts.decidedOn), facts.kind, facts.severity ?? 'none', category.sector);
  if (!rule) throw new DomainError('RULE_VIOLATED', `no display rule is in force on ${facts.decidedOn}`);
  return displayWindow(rule, facts.decidedOn, facts.penalties);
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
 * arrears complaint). `link.id` lets a caller that announced the record's id beforehand create it
 * under that id (so doing it twice is impossible).
 */
export async function insertRecord(
  trx: Trx,
  ctx: Ctx,
  department: string,
  input: CreateRecordInput,
  link: { commitmentId?: string; id?: string } = {},
) {
  const subject = await findSubject(trx, input.subjectUscc);
  if (!subject) throw new DomainError('RULE_VIOLATED', `subjectUscc: no subject is registered with ${input.subjectUscc}`);
  const window = await judge(trx, ctx, input);
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
      is_public: window.isPublic,
      display_from: window.displayFrom,
      repairable_from: window.repairableFrom,
      display_until: window.displayUntil,
      shown_until: window.displayUntil,
      obligations_unmet: input.obligationsUnmet ?? false,
      commitment_id: link.commitmentId ?? null,
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

export async function correctRecord(db: Db, ctx: ActorCtx, id: string, input: CorrectionInput): Promise<RecordView> {
  return db.transaction().execute(async (trx) => {
    const current = await repo.lockCurrent(trx, id);
    if (!current) throw fail.notFound(`record ${id}`);
    assertCanChangeRecord(ctx.actor, current);
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
    const window = await judge(trx, ctx, merged);
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
        commitment_id: current.commitment_id,
        reason: input.reason,
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
  });
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
    const current = await repo.lockCurrent(trx, id);
    if (!current) throw fail.notFound(`record ${id}`);
    assertCanChangeRecord(ctx.actor, current);
    const today = ctx.clock.today();
    if (!current.obligations_unmet || current.end_reason !== null || current.voided_on !== null || current.shown_until >= today) {
      throw new DomainError(
        'INVALID_TRANSITION',
        'only a record held past its display period for unmet obligations waits for this decision',
      );
    }
    const yesterday = addDays(today, -1);
    const row = await trx
      .updateTable('credit.records')
      .set({
        end_reason: 'ended_by_decision',
        ended_on: today,
        shown_until: yesterday > current.shown_until ? yesterday : current.shown_until,
      })
      .where('id', '=', id)
      .where('revision', '=', current.revision)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = repo.toView({ ...row, uscc: current.uscc, subject_name: current.subject_name });
    await recordPublicChange(trx, ctx, 'record.display_ended', {
      action: 'record.display_end',
      entityType: 'record',
      entityId: id,
      subjectId: current.subject_id,
      before: repo.toView(current),
      after: { ...after, decisionReason: reason },
      payload: recordLifecycleDisclosure({ ...after, public: after.public }),
    });
    return after;
  });
}
