import { type Selectable, sql, type Updateable } from 'kysely';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db, ObjectionsTable, Trx } from '../../db/types.js';
import { caseDisclosure } from '../../disclosure/index.js';
import { deadline, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { deadlines, type ReadAt, readAt } from '../calendar/index.js';
import { entryActiveOn, recordInEffect } from '../credit-rules/index.js';
import { exitEntriesClearedBy, voidEntry } from '../lists/index.js';
import { correctRecordIn, voidRecord } from '../records/index.js';
import { undoRepairDecision } from '../repairs/index.js';
import { assertMay, type ObjectionAction } from './policy.js';
import type { DecisionInput, FileInput } from './schemas.js';

/**
 * 异议 (domain §6): forwarded within 1 working day, decided within 7 of forwarding (an extension is
 * recorded with its reason and new due date). Upheld: a record is voided, a list entry exits as
 * objection_upheld and counts as never listed, a refused repair is reopened.
 */
export const FORWARD_WORKDAYS = 1;
export const DECIDE_WORKDAYS = 7;

type State = ObjectionsTable['state'];
export type Step = 'forward' | 'extend' | 'uphold' | 'partly_uphold' | 'reject';

/** The objection's states as data: filed → forwarded (extended in place) → upheld | rejected (final). */
export const TRANSITIONS: Record<State, Partial<Record<Step, State>>> = {
  filed: { forward: 'forwarded' }, // the platform or department forwards within 1 working day
  // decided within 7, unless extended; partly upheld: the record is corrected, not voided
  forwarded: { extend: 'forwarded', uphold: 'upheld', partly_uphold: 'partly_upheld', reject: 'rejected' },
  upheld: {},
  partly_upheld: {},
  rejected: {},
};

const EVENT_OF = {
  forward: 'objection.forwarded',
  extend: 'objection.extended',
  uphold: 'objection.upheld',
  partly_uphold: 'objection.partly_upheld',
  reject: 'objection.rejected',
} as const satisfies Record<Step, string>;

export function nextState(state: State, step: Step): State {
  const to = TRANSITIONS[state][step];
  if (!to) throw fail.transition(`cannot ${step} an objection that is ${state}`, state);
  return to;
}

type Row = Selectable<ObjectionsTable> & { uscc: string };

/** The view every answer about one gives (the queue too). */
/** The running deadline (forward by, while filed; decide by, while forwarded) and where it was counted from. */
function running(row: Row): { from: IsoDate; dueOn: IsoDate; counted: boolean } | null {
  if (row.state === 'filed') return { from: row.filed_on, dueOn: row.forward_due_on, counted: true };
  if (row.state === 'forwarded' && row.forwarded_on && row.decide_due_on) {
    // An extended date was chosen by a person, not counted on the calendar.
    return { from: row.forwarded_on, dueOn: row.decide_due_on, counted: row.extension_reason === null };
  }
  return null;
}

export function toView(row: Row, at: ReadAt) {
  const due = running(row);
  return {
    id: row.id,
    target: row.target,
    targetId: row.target_id,
    subjectUscc: row.uscc,
    department: row.department,
    filedBy: row.filed_by,
    grounds: row.grounds,
    evidence: row.evidence as { name: string; sha256: string }[],
    filedOn: row.filed_on,
    state: row.state,
    forwardDueOn: row.forward_due_on,
    forwardedOn: row.forwarded_on,
    decideDueOn: row.decide_due_on,
    ...deadline(due?.dueOn ?? null, at.today),
    deadlinesProvisional: due?.counted === true && at.provisional(due.from, due.dueOn),
    extensionReason: row.extension_reason,
    decisionReason: row.decision_reason,
    decidedOn: row.decided_on,
  };
}

const query = (db: Db | Trx) =>
  db.selectFrom('credit.objections as o').innerJoin('credit.subjects as s', 's.id', 'o.subject_id').selectAll('o').select('s.uscc');

/** The target, who may object to it, and which department decides. */
async function resolveTarget(trx: Trx, actor: Actor, input: FileInput, today: IsoDate) {
  const own = (uscc: string) => actor.role === 'subject' && actor.uscc === uscc;
  if (input.target === 'record') {
    const r = await trx
      .selectFrom('credit.records as r')
      .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
      .select(['r.subject_id', 'r.department', 'r.is_public', 's.uscc', sql<boolean>`${recordInEffect('r', today)}`.as('live')])
      .where('r.id', '=', input.targetId)
      .where('r.superseded_at', 'is', null)
      .executeTakeFirst();
    if (!r) throw fail.notFound(`record ${input.targetId}`);
    if (!own(r.uscc) && !(r.is_public && r.live)) throw fail.forbidden('only the subject objects to a record that is not public');
    return { subjectId: r.subject_id, department: r.department };
  }
  if (input.target === 'listEntry') {
    const e = await trx
      .selectFrom('credit.list_entries as e')
      .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
      .select(['e.subject_id', 'e.department', 's.uscc', sql<boolean>`${entryActiveOn('e', today)}`.as('live')])
      .where('e.id', '=', input.targetId)
      .executeTakeFirst();
    if (!e) throw fail.notFound(`list entry ${input.targetId}`);
    if (!own(e.uscc) && !e.live) throw fail.forbidden('only the subject objects to a list entry that is not public');
    return { subjectId: e.subject_id, department: e.department };
  }
  const p = await trx
    .selectFrom('credit.repairs as p')
    .innerJoin('credit.subjects as s', 's.id', 'p.subject_id')
    .select(['p.subject_id', 'p.department', 'p.state', 's.uscc'])
    .where('p.id', '=', input.targetId)
    .executeTakeFirst();
  if (!p) throw fail.notFound(`repair ${input.targetId}`);
  if (!own(p.uscc)) throw fail.forbidden('only the subject objects to a decision on its repair');
  if (p.state !== 'refused' && p.state !== 'rejected' && p.state !== 'revoked')
    throw fail.transition(`repair ${input.targetId} is ${p.state}; only a refused, rejected or revoked repair can be objected to`, p.state);
  return { subjectId: p.subject_id, department: p.department };
}

export function fileObjection(db: Db, ctx: ActorCtx, input: FileInput) {
  return db.transaction().execute((trx) => fileObjectionIn(trx, ctx, input));
}

/** Files an objection inside the caller's transaction (an objection the city platform reports, with its inbound row). */
export async function fileObjectionIn(trx: Trx, ctx: ActorCtx, input: FileInput) {
  const due = await deadlines(trx);
  const today = ctx.clock.today();
  const target = await resolveTarget(trx, ctx.actor, input, today);
  const row = await trx
    .insertInto('credit.objections')
    .values({
      id: newId('objection', ctx.clock.now()),
      target: input.target,
      target_id: input.targetId,
      subject_id: target.subjectId,
      department: target.department,
      filed_by: ctx.actor.sub,
      filed_role: ctx.actor.role,
      grounds: input.grounds,
      evidence: JSON.stringify(input.evidence),
      filed_on: today,
      state: 'filed',
      forward_due_on: due.workdaysAfter(today, FORWARD_WORKDAYS),
      forwarded_on: null,
      decide_due_on: null,
      extension_reason: null,
      decision_reason: null,
      decided_on: null,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const uscc = (await trx.selectFrom('credit.subjects').select('uscc').where('id', '=', target.subjectId).executeTakeFirstOrThrow()).uscc;
  const view = toView({ ...row, uscc }, await readAt(trx, today));
  await recordPublicChange(trx, ctx, 'objection.filed', {
    action: 'objection.file',
    entityType: 'objection',
    entityId: row.id,
    subjectId: target.subjectId,
    after: view,
    payload: caseDisclosure(view),
  });
  return view;
}

/** Route guard: the objection exists and the actor may do this with it (before the body is judged). */
export async function authorizeObjection(db: Db, actor: Actor, id: string, action: ObjectionAction) {
  const row = await query(db).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`objection ${id}`);
  assertMay(actor, row, action);
}

/** One step of the table above, authorised for the actor, with its audit row and event. */
async function change(
  db: Db,
  ctx: ActorCtx,
  id: string,
  step: Step,
  apply: (trx: Trx, row: Row, today: IsoDate) => Promise<Updateable<ObjectionsTable>>,
) {
  const today = ctx.clock.today();
  return db.transaction().execute(async (trx) => {
    const row = await query(trx).where('o.id', '=', id).forUpdate('o').executeTakeFirst();
    if (!row) throw fail.notFound(`objection ${id}`);
    assertMay(ctx.actor, row, step === 'forward' ? 'forward' : 'decide');
    const to = nextState(row.state, step);
    const set = await apply(trx, row, today);
    const updated = await trx
      .updateTable('credit.objections')
      .set({ ...set, state: to })
      .where('id', '=', id)
      .where('state', '=', row.state)
      .returningAll()
      .executeTakeFirstOrThrow();
    const at = await readAt(trx, today);
    const after = toView({ ...updated, uscc: row.uscc }, at);
    await recordPublicChange(trx, ctx, EVENT_OF[step], {
      action: `objection.${step}`,
      entityType: 'objection',
      entityId: id,
      subjectId: row.subject_id,
      before: toView(row, at),
      after,
      payload: caseDisclosure(after),
    });
    return after;
  });
}

export async function forward(db: Db, ctx: ActorCtx, id: string) {
  const due = await deadlines(db);
  return change(db, ctx, id, 'forward', async (_trx, _row, today) => ({
    forwarded_on: today,
    decide_due_on: due.workdaysAfter(today, DECIDE_WORKDAYS),
  }));
}

export function extend(db: Db, ctx: ActorCtx, id: string, input: { reason: string; newDueOn: IsoDate }) {
  return change(db, ctx, id, 'extend', async (_trx, row) => {
    if (input.newDueOn <= row.decide_due_on!) throw fail.validation('newDueOn', `must be after the current due date ${row.decide_due_on}`);
    return { decide_due_on: input.newDueOn, extension_reason: input.reason };
  });
}

const STEP_OF = { upheld: 'uphold', partly_upheld: 'partly_uphold', rejected: 'reject' } as const;

export async function decide(
  db: Db,
  ctx: ActorCtx,
  id: string,
  input: Omit<DecisionInput, 'correction'> & { correction?: DecisionInput['correction'] },
) {
  const due = await deadlines(db);
  return change(db, ctx, id, STEP_OF[input.decision], async (trx, row, today) => {
    if (input.decision === 'partly_upheld') {
      // A wrong period or a wrong detail: the record stands, corrected as a new revision that names the objection.
      if (row.target !== 'record' || !input.correction) {
        throw fail.rule('only an objection to a record is partly upheld, with the correction it orders');
      }
      await correctRecordIn(
        trx,
        ctx,
        row.target_id,
        { ...input.correction, reason: `objection ${row.id} partly upheld: ${input.reason}` },
        { objectionId: row.id },
      );
    }
    if (input.decision === 'upheld') {
      if (row.target === 'record') {
        await voidRecord(trx, ctx, row.target_id);
        await exitEntriesClearedBy(trx, ctx, row.target_id);
      }
      if (row.target === 'listEntry') await voidEntry(trx, ctx, row.target_id, `objection ${row.id} upheld: ${input.reason}`);
      if (row.target === 'repair') await undoRepairDecision(trx, ctx, row.target_id, due, `objection ${row.id} upheld: ${input.reason}`);
    }
    return { decided_on: today, decision_reason: input.reason };
  });
}

export async function getObjection(db: Db, actor: Actor, id: string, today: IsoDate) {
  const row = await query(db).where('o.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`objection ${id}`);
  assertMay(actor, row, 'read');
  return toView(row, await readAt(db, today));
}
