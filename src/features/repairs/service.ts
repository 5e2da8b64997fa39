import type { Selectable, Updateable } from 'kysely';
import type { Actor, ActorCtx, Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import type { Db, RepairsTable, Trx } from '../../db/types.js';
import { caseDisclosure } from '../../disclosure/index.js';
import { addYears, deadline, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { type Deadlines, deadlines, type ReadAt, readAt } from '../calendar/index.js';
import { recordInEffect, withUnmetObligations } from '../credit-rules/index.js';
import { exitEntriesClearedBy, exitRepairedEntry, findEntry, reinstateEntriesClearedBy, reinstateRepairedEntry } from '../lists/index.js';
import { endForRepair, showAgainUntil } from '../records/index.js';
import { APPLICANTS, assertMayDecide, assertMayRead, mayApplyFor } from './policy.js';
import { isRepairableEntry, obligationsUnmet, repairBlock } from './rules.js';
import type { ApplyInput } from './schemas.js';

/** 信用修复 (domain §6): apply, accept or refuse in 3 working days, decide in 7 (+10 if complex). */
type State = RepairsTable['state'];
export type Step = 'accept' | 'refuse' | 'approve' | 'reject' | 'revoke' | 'reopen' | 'reinstate';

/** The event each step emits (past tense). */
const EVENT_OF = {
  accept: 'repair.accepted',
  refuse: 'repair.refused',
  approve: 'repair.approved',
  reject: 'repair.rejected',
  revoke: 'repair.revoked',
  reopen: 'repair.reopened',
  reinstate: 'repair.reinstated',
} as const satisfies Record<Step, string>;

/** Where a step leads from a state, or a 409 naming the state. */
export function nextState(state: State, step: Step): State {
  const to = TRANSITIONS[state][step];
  if (!to) throw fail.transition(`cannot ${step} a repair that is ${state}`, state);
  return to;
}

export const TRANSITIONS: Record<State, Partial<Record<Step, State>>> = {
  applied: { accept: 'accepted', refuse: 'refused' }, // the department has 3 working days
  accepted: { approve: 'approved', reject: 'rejected' }, // 7 working days, +10 when complex
  approved: { revoke: 'revoked' }, // later proof of false materials
  refused: { reopen: 'accepted' }, // the subject may apply again, or object; an upheld objection reopens it
  rejected: { reopen: 'accepted' }, // likewise
  revoked: { reinstate: 'approved' }, // an upheld objection to the revocation: the repair stands again
};

export const ACCEPT_WORKDAYS = 3;
export const DECIDE_WORKDAYS = 7;
export const COMPLEX_EXTRA_WORKDAYS = 10;
export const SANCTION_YEARS = 3;

type Row = Selectable<RepairsTable> & { uscc: string };

/** The view every answer about one gives (the queue too). */
/** The running deadline (accept or refuse by, while applied; decide by, while accepted) and where it was counted from. */
function running(row: Row): { from: IsoDate; dueOn: IsoDate } | null {
  if (row.state === 'applied') return { from: row.applied_on, dueOn: row.accept_due_on };
  if (row.state === 'accepted' && row.accepted_on && row.decide_due_on) return { from: row.accepted_on, dueOn: row.decide_due_on };
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
    commitment: row.commitment,
    evidence: row.evidence as { name: string; sha256: string }[],
    state: row.state,
    appliedOn: row.applied_on,
    acceptedOn: row.accepted_on,
    complex: row.complex,
    ...deadline(due?.dueOn ?? null, at.today),
    deadlinesProvisional: due !== null && at.provisional(due.from, due.dueOn),
    decidedOn: row.decided_on,
    decisionReason: row.decision_reason,
    missing: row.missing as string[] | null,
    revokedOn: row.revoked_on,
    revokeReason: row.revoke_reason,
    createdAt: row.created_at.toISOString(),
  };
}

const find = (db: Db | Trx, id: string) =>
  db
    .selectFrom('credit.repairs as p')
    .innerJoin('credit.subjects as s', 's.id', 'p.subject_id')
    .selectAll('p')
    .select('s.uscc')
    .where('p.id', '=', id);

function refuse(block: { reason: string; [k: string]: unknown }): never {
  const { reason, ...dates } = block;
  throw new DomainError('RULE_VIOLATED', reason, dates);
}

/** The records a repair would clear, each judged against the time rules before anything else. */
async function targetRecords(trx: Trx, input: ApplyInput, actor: Actor, today: IsoDate) {
  if (input.target === 'record') {
    const record = await trx
      .selectFrom('credit.records as r')
      .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
      .selectAll('r')
      .select('s.uscc')
      .where('r.id', '=', input.targetId)
      .where('r.superseded_at', 'is', null)
      .executeTakeFirst();
    if (!record) throw fail.notFound(`record ${input.targetId}`);
    if (!mayApplyFor(actor, record.uscc)) throw fail.forbidden('a subject applies to repair only its own records');
    const live = await trx
      .selectFrom('credit.records as r')
      .select('r.id')
      .where('r.id', '=', record.id)
      .where(recordInEffect('r', today))
      .executeTakeFirst();
    if (!live) throw new DomainError('INVALID_TRANSITION', `record ${record.id} is no longer in effect; there is nothing to repair`);
    return { subjectId: record.subject_id, department: record.department, records: [record] };
  }
  const entry = await findEntry(trx, input.targetId);
  if (!entry) throw fail.notFound(`list entry ${input.targetId}`);
  if (!mayApplyFor(actor, entry.uscc)) throw fail.forbidden('a subject applies to repair only its own list entries');
  if (!isRepairableEntry(entry))
    throw new DomainError(
      'INVALID_TRANSITION',
      `list entry ${entry.id} is ${entry.state} ${entry.list}; only a published black or watch entry is repaired`,
    );
  const records = entry.record_ids.length
    ? await trx.selectFrom('credit.records').selectAll().where('id', 'in', entry.record_ids).where('superseded_at', 'is', null).execute()
    : [];
  return { subjectId: entry.subject_id, department: entry.department, records };
}

export async function applyForRepair(db: Db, ctx: ActorCtx, input: ApplyInput) {
  if (!APPLICANTS.includes(ctx.actor.role)) throw fail.forbidden('the subject itself applies for credit repair');
  const due = await deadlines(db);
  const today = ctx.clock.today();
  return db.transaction().execute(async (trx) => {
    const target = await targetRecords(trx, input, ctx.actor, today);
    for (const record of target.records) {
      const block = repairBlock(record, today);
      if (block) refuse(block);
    }
    const open = await trx
      .selectFrom('credit.repairs')
      .select('id')
      .where('target', '=', input.target)
      .where('target_id', '=', input.targetId)
      .where('state', 'in', ['applied', 'accepted'])
      .executeTakeFirst();
    if (open) throw fail.conflict(`repair ${open.id} of this ${input.target} is already under way`);
    const row = await trx
      .insertInto('credit.repairs')
      .values({
        id: newId('repair', ctx.clock.now()),
        target: input.target,
        target_id: input.targetId,
        subject_id: target.subjectId,
        department: target.department,
        commitment: input.commitment,
        evidence: JSON.stringify(input.evidence),
        state: 'applied',
        applied_on: today,
        accept_due_on: due.workdaysAfter(today, ACCEPT_WORKDAYS),
        accepted_on: null,
        decide_due_on: null,
        decided_on: null,
        decision_reason: null,
        missing: null,
        revoked_on: null,
        revoke_reason: null,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView({ ...row, uscc: ctx.actor.uscc! }, await readAt(trx, today));
    await recordPublicChange(trx, ctx, 'repair.applied', {
      action: 'repair.apply',
      entityType: 'repair',
      entityId: row.id,
      subjectId: target.subjectId,
      after: view,
      payload: caseDisclosure(view),
    });
    return view;
  });
}

/** Route guard: the repair exists and the actor may decide it (or, reading, see it), before the body is judged. */
export async function authorizeRepair(db: Db, actor: Actor, id: string, forReading: boolean) {
  const row = await find(db, id).executeTakeFirst();
  if (!row) throw fail.notFound(`repair ${id}`);
  if (forReading) assertMayRead(actor, row);
  else assertMayDecide(actor, row);
}

type Changes = Omit<Updateable<RepairsTable>, 'missing'> & { missing?: string[] | null };

/** One step of the table above, with its audit row and event, in the caller's transaction. */
async function stepIn(trx: Trx, ctx: Ctx, id: string, action: Step, apply: (row: Row, today: IsoDate) => Promise<Changes>) {
  const row = await find(trx, id).forUpdate('p').executeTakeFirst();
  if (!row) throw fail.notFound(`repair ${id}`);
  if (ctx.actor.role !== 'system') assertMayDecide(ctx.actor, row);
  const to = nextState(row.state, action);
  const today = ctx.clock.today();
  const { missing, ...rest } = await apply(row, today);
  const updated = await trx
    .updateTable('credit.repairs')
    .set({ ...rest, ...(missing !== undefined ? { missing: missing === null ? null : JSON.stringify(missing) } : {}), state: to })
    .where('id', '=', id)
    .where('state', '=', row.state)
    .returningAll()
    .executeTakeFirstOrThrow();
  const at = await readAt(trx, today);
  const after = toView({ ...updated, uscc: row.uscc }, at);
  await recordPublicChange(trx, ctx, EVENT_OF[action], {
    action: `repair.${action}`,
    entityType: 'repair',
    entityId: id,
    subjectId: row.subject_id,
    before: toView(row, at),
    after,
    payload: caseDisclosure(after),
  });
  return after;
}

function step(db: Db, ctx: Ctx, id: string, action: Step, apply: (trx: Trx, row: Row, today: IsoDate) => Promise<Changes>) {
  return db.transaction().execute((trx) => stepIn(trx, ctx, id, action, (row, today) => apply(trx, row, today)));
}

const decideWithin = (complex: boolean) => DECIDE_WORKDAYS + (complex ? COMPLEX_EXTRA_WORKDAYS : 0);

export async function decideAcceptance(
  db: Db,
  ctx: ActorCtx,
  id: string,
  input: { decision: 'accept' | 'refuse'; missing?: string[]; complex: boolean },
) {
  const due = await deadlines(db);
  return step(db, ctx, id, input.decision, async (_trx, _row, today) =>
    input.decision === 'accept'
      ? { accepted_on: today, complex: input.complex, decide_due_on: due.workdaysAfter(today, decideWithin(input.complex)) }
      : { decided_on: today, missing: input.missing!, decision_reason: `materials missing: ${input.missing!.join('; ')}` },
  );
}

/** An upheld objection to a refusal or rejection puts the repair back before the department to decide. */
/**
 * An upheld objection to a revocation: the repair stands again, and what the revocation undid is done
 * again (its record's display ends, without the sanction; its entry exits as repaired).
 */
export function reinstateRepair(trx: Trx, ctx: Ctx, id: string, note: string) {
  return stepIn(trx, ctx, id, 'reinstate', async (row) => {
    if (row.target === 'record') {
      await endForRepair(trx, ctx, row.target_id, { liftSanction: true });
      await exitEntriesClearedBy(trx, ctx, row.target_id);
    } else await exitRepairedEntry(trx, ctx, row.target_id, note);
    return { revoked_on: null, revoke_reason: null };
  });
}

/**
 * An objection to a repair decision upheld: a refusal or rejection goes back before the department
 * (reopen); a revocation is undone (the repair stands again). The repair's state table says which.
 */
export async function undoRepairDecision(trx: Trx, ctx: Ctx, id: string, due: Deadlines, note: string) {
  const row = await find(trx, id).executeTakeFirst();
  if (row?.state === 'revoked') return reinstateRepair(trx, ctx, id, note);
  return reopenRepair(trx, ctx, id, due);
}

export function reopenRepair(trx: Trx, ctx: Ctx, id: string, due: Deadlines) {
  return stepIn(trx, ctx, id, 'reopen', async (row, today) => ({
    accepted_on: today,
    decided_on: null,
    decision_reason: null,
    missing: null,
    decide_due_on: due.workdaysAfter(today, decideWithin(row.complex)),
  }));
}

/**
 * Approval ends the record's public display at once, exits the list entries it clears (or the target
 * entry) with `repaired`, and so lifts restrictions and changes the evaluation, in one transaction.
 */
export function decideRepair(db: Db, ctx: ActorCtx, id: string, input: { decision: 'approve' | 'reject'; reason: string }) {
  return step(db, ctx, id, input.decision, async (trx, row, today) => {
    if (input.decision === 'approve') {
      const recordIds = row.target === 'record' ? [row.target_id] : ((await findEntry(trx, row.target_id))?.record_ids ?? []);
      const unmet = await withUnmetObligations(trx, recordIds);
      if (unmet[0]) refuse(obligationsUnmet(unmet[0]));
      if (row.target === 'record') {
        await endForRepair(trx, ctx, row.target_id);
        await exitEntriesClearedBy(trx, ctx, row.target_id);
      } else {
        await exitRepairedEntry(trx, ctx, row.target_id, `credit repair ${row.id} approved`);
      }
    }
    return { decided_on: today, decision_reason: input.reason };
  });
}

/** False materials proven later: the record is shown again for 3 years, with no repair for 3 years. */
export function revokeRepair(db: Db, ctx: ActorCtx, id: string, input: { reason: string }) {
  return step(db, ctx, id, 'revoke', async (trx, row, today) => {
    // Undo only what this repair ended: its record (shown again, under sanction), or its entry
    // (listed again). Records an entry rests on were never ended by the entry's repair.
    if (row.target === 'record') {
      await showAgainUntil(trx, ctx, row.target_id, addYears(today, SANCTION_YEARS));
      await reinstateEntriesClearedBy(trx, ctx, row.target_id, `credit repair ${row.id} revoked: ${input.reason}`);
    } else await reinstateRepairedEntry(trx, ctx, row.target_id, `credit repair ${row.id} revoked: ${input.reason}`);
    return { revoked_on: today, revoke_reason: input.reason };
  });
}

export async function getRepair(db: Db, actor: Actor, id: string, today: IsoDate) {
  const row = await find(db, id).executeTakeFirst();
  if (!row) throw fail.notFound(`repair ${id}`);
  assertMayRead(actor, row);
  return toView(row, await readAt(db, today));
}
