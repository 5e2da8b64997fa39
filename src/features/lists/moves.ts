import { sql } from 'kysely';
import type { Ctx } from '../../core/actor.js';
import type { ExitReason, ListState, Trx } from '../../db/types.js';
import { entryDisclosure } from '../../disclosure/index.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { readAt } from '../calendar/index.js';
import { endReasonsOf } from '../credit-rules/index.js';
import { EVENT_OF, type Move, nextState } from './machine.js';
import * as repo from './repo.js';

/**
 * Moves an entry along its state table and keeps the transition (actor, time, reason), its audit row
 * and its event, all in the caller's transaction. Used by the transition verb and by the changes other
 * features cause (a repair approved, an objection upheld, a black entry published, the daily sweep).
 */
export async function moveEntry(
  trx: Trx,
  ctx: Ctx,
  entry: repo.EntryRow,
  change: {
    action: Move;
    reason?: string | null;
    documentNo?: string | null;
    set?: Partial<{
      notified_on: string;
      statement_due_on: string;
      statement: string;
      statement_at: Date;
      published_on: string;
      exited_on: string | null;
      exit_reason: ExitReason | null;
      voided: boolean;
    }>;
  },
) {
  const to: ListState = nextState(entry.state, change.action);
  const today = ctx.clock.today();
  const at = await readAt(trx, today);
  const updated = await trx
    .updateTable('credit.list_entries')
    .set({ ...change.set, state: to, updated_at: ctx.clock.now() })
    .where('id', '=', entry.id)
    .where('state', '=', entry.state)
    .returningAll()
    .executeTakeFirst();
  if (!updated) throw new Error(`list entry ${entry.id} changed state concurrently`);
  await trx
    .insertInto('credit.list_entry_transitions')
    .values({
      entry_id: entry.id,
      action: change.action,
      from_state: entry.state,
      to_state: to,
      on_date: today,
      actor: ctx.actor.sub,
      role: ctx.actor.role,
      at: ctx.clock.now(),
      reason: change.reason ?? null,
      document_no: change.documentNo ?? null,
    })
    .execute();
  const before = repo.toView(entry, at);
  const after = repo.toView({ ...entry, ...updated }, at);
  await recordPublicChange(trx, ctx, EVENT_OF[change.action], {
    action: `list_entry.${change.action}`,
    entityType: 'list_entry',
    entityId: entry.id,
    subjectId: entry.subject_id,
    before,
    after,
    payload: entryDisclosure(after),
  });
  return after;
}

export async function exitEntry(
  trx: Trx,
  ctx: Ctx,
  entry: repo.EntryRow,
  reason: ExitReason,
  note: string,
  extra: { voided?: boolean; on?: string } = {},
) {
  return moveEntry(trx, ctx, entry, {
    action: 'exit',
    reason: `${reason}: ${note}`,
    set: { exited_on: extra.on ?? ctx.clock.today(), exit_reason: reason, ...(extra.voided ? { voided: true } : {}) },
  });
}

/** A red entry ends (revoked) when its subject gets a black entry or a serious record (domain §5). */
export async function revokeRedEntries(trx: Trx, ctx: Ctx, subjectId: string, why: string) {
  const ids = await trx
    .selectFrom('credit.list_entries')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('list', '=', 'red')
    .where('state', '=', 'published')
    .execute();
  for (const { id } of ids) {
    const entry = await repo.lock(trx, id);
    if (entry?.state === 'published') await exitEntry(trx, ctx, entry, 'revoked', why);
  }
}

/** A black or watch entry exits early (repaired) once every record it rests on is repaired or voided. */
export async function exitEntriesClearedBy(trx: Trx, ctx: Ctx, recordId: string) {
  const candidates = await trx
    .selectFrom('credit.list_entries')
    .select('id')
    .where('state', '=', 'published')
    .where(sql<boolean>`record_ids @> ARRAY[${recordId}]::text[]`)
    .execute();
  for (const { id } of candidates) {
    const entry = await repo.lock(trx, id);
    if (entry?.state !== 'published' || entry.list === 'red') continue;
    const reasons = await endReasonsOf(trx, entry.record_ids);
    if (reasons.some((r) => r !== 'repaired' && r !== 'voided')) continue;
    // Resting only on voided records, the listing was wrong: removed as if never listed (domain §5).
    if (reasons.every((r) => r === 'voided')) {
      await exitEntry(trx, ctx, entry, 'objection_upheld', 'every record it rests on was voided by an upheld objection', { voided: true });
    } else {
      await exitEntry(trx, ctx, entry, 'repaired', 'every record it rests on is repaired or voided');
    }
  }
}

/** An upheld objection removes the entry as if never listed; the history stays. */
export async function voidEntry(trx: Trx, ctx: Ctx, entryId: string, note: string) {
  const entry = await repo.lock(trx, entryId);
  if (!entry) return;
  if (entry.state === 'published') await exitEntry(trx, ctx, entry, 'objection_upheld', note, { voided: true });
  else if (entry.state === 'proposed' || entry.state === 'notified') {
    await moveEntry(trx, ctx, entry, { action: 'withdraw', reason: note, set: { voided: true } });
  } else if (!entry.voided) {
    // Already withdrawn or exited: only the mark changes, with its audit row and event.
    const updated = await trx
      .updateTable('credit.list_entries')
      .set({ voided: true, updated_at: ctx.clock.now() })
      .where('id', '=', entry.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const at = await readAt(trx, ctx.clock.today());
    const after = repo.toView({ ...entry, ...updated }, at);
    await recordPublicChange(trx, ctx, 'list_entry.voided', {
      action: 'list_entry.void',
      entityType: 'list_entry',
      entityId: entry.id,
      subjectId: entry.subject_id,
      before: repo.toView(entry, at),
      after,
      payload: entryDisclosure(after),
    });
  }
}

/** A repair of the entry itself was approved: it exits as repaired. */
export async function exitRepairedEntry(trx: Trx, ctx: Ctx, entryId: string, note: string) {
  const entry = await repo.lock(trx, entryId);
  if (entry?.state === 'published') await exitEntry(trx, ctx, entry, 'repaired', note);
}

/**
 * A repair of the entry revoked for false materials: the entry it ended is listed again, if its
 * validity has not run out meanwhile (then it stays exited, and the sweep would have ended it anyway).
 */
export async function reinstateRepairedEntry(trx: Trx, ctx: Ctx, entryId: string, note: string) {
  const entry = await repo.lock(trx, entryId);
  if (entry?.state !== 'exited' || entry.exit_reason !== 'repaired' || entry.valid_until < ctx.clock.today()) return;
  await moveEntry(trx, ctx, entry, { action: 'reinstate', reason: note, set: { exited_on: null, exit_reason: null } });
}

/**
 * A record's repair revoked: the black and watch entries that exited as repaired because that record
 * was repaired are listed again (within their validity), as the record is shown again.
 */
export async function reinstateEntriesClearedBy(trx: Trx, ctx: Ctx, recordId: string, note: string) {
  const exited = await trx
    .selectFrom('credit.list_entries')
    .select('id')
    .where('state', '=', 'exited')
    .where('exit_reason', '=', 'repaired')
    .where(sql<boolean>`record_ids @> ARRAY[${recordId}]::text[]`)
    .execute();
  for (const { id } of exited) await reinstateRepairedEntry(trx, ctx, id, note);
}
