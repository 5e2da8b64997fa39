import { sql } from 'kysely';
import { recordPublicChange, type Ctx } from '../../audit/log.js';
import type { ExitReason, ListState, Trx } from '../../db/types.js';
import * as repo from './repo.js';

/**
 * Moves an entry and keeps the transition (actor, time, reason), its audit row and its event, all in
 * the caller's transaction. Used by the transition verb and by the automatic exits below.
 */
export async function moveEntry(trx: Trx, ctx: Ctx, entry: repo.EntryRow, change: {
  action: string; to: ListState; reason?: string | null; documentNo?: string | null;
  set?: Partial<{ notified_on: string; statement_due_on: string; statement: string; statement_at: Date; published_on: string; exited_on: string; exit_reason: ExitReason; voided: boolean }>;
}) {
  const today = ctx.clock.today();
  const updated = await trx.updateTable('credit.list_entries').set({ ...change.set, state: change.to, updated_at: ctx.clock.now() })
    .where('id', '=', entry.id).where('state', '=', entry.state).returningAll().executeTakeFirst();
  if (!updated) throw new Error(`list entry ${entry.id} changed state concurrently`);
  await trx.insertInto('credit.list_entry_transitions').values({
    entry_id: entry.id, action: change.action, from_state: entry.state, to_state: change.to, on_date: today,
    actor: ctx.actor.sub, role: ctx.actor.role, at: ctx.clock.now(), reason: change.reason ?? null, document_no: change.documentNo ?? null,
  }).execute();
  const before = repo.toView(entry, today);
  const after = repo.toView({ ...entry, ...updated }, today);
  // Proposals and notices are between the department and the subject; the platform hears of an entry
  // from its publication on.
  const isPublic = entry.published_on !== null || change.to === 'published';
  await recordPublicChange(trx, ctx, `list_entry.${change.action}`, {
    action: `list_entry.${change.action}`, entityType: 'list_entry', entityId: entry.id, subjectId: entry.subject_id,
    before, after, payload: isPublic ? after : { id: entry.id, state: change.to },
  });
  return after;
}

export async function exitEntry(trx: Trx, ctx: Ctx, entry: repo.EntryRow, reason: ExitReason, note: string, extra: { voided?: boolean; on?: string } = {}) {
  return moveEntry(trx, ctx, entry, {
    action: 'exit', to: 'exited', reason: `${reason}: ${note}`,
    set: { exited_on: extra.on ?? ctx.clock.today(), exit_reason: reason, ...(extra.voided ? { voided: true } : {}) },
  });
}

/** A red entry ends (revoked) when its subject gets a black entry or a serious record (domain §5). */
export async function revokeRedEntries(trx: Trx, ctx: Ctx, subjectId: string, why: string) {
  const ids = await trx.selectFrom('credit.list_entries').select('id')
    .where('subject_id', '=', subjectId).where('list', '=', 'red').where('state', '=', 'published').execute();
  for (const { id } of ids) {
    const entry = await repo.lock(trx, id);
    if (entry?.state === 'published') await exitEntry(trx, ctx, entry, 'revoked', why);
  }
}

/** A black or watch entry exits early (repaired) once every record it rests on is repaired or voided. */
export async function exitEntriesClearedBy(trx: Trx, ctx: Ctx, recordId: string) {
  const candidates = await trx.selectFrom('credit.list_entries').select('id')
    .where('state', '=', 'published').where(sql<boolean>`record_ids @> ARRAY[${recordId}]::text[]`).execute();
  for (const { id } of candidates) {
    const entry = await repo.lock(trx, id);
    if (!entry || entry.state !== 'published' || entry.list === 'red') continue;
    const records = await trx.selectFrom('credit.records').select(['id', 'end_reason'])
      .where('id', 'in', entry.record_ids).where('superseded_at', 'is', null).execute();
    if (records.some((r) => r.end_reason !== 'repaired' && r.end_reason !== 'voided')) continue;
    // Resting only on voided records, the listing was wrong: removed as if never listed (domain §5).
    if (records.every((r) => r.end_reason === 'voided')) {
      await exitEntry(trx, ctx, entry, 'objection_upheld', 'every record it rests on was voided by an upheld objection', { voided: true });
    } else {
      await exitEntry(trx, ctx, entry, 'repaired', 'every record it rests on is repaired or voided');
    }
  }
}
