import { sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Db, Trx } from '../db/types.js';
import { newId } from '../lib/ids.js';
import type { SyncEnv } from './env.js';
import { readFeed } from './feed.js';
import type { ServedFeedItem } from './feed-item.js';
import { type Change, changesIn, type Found } from './watch-changes.js';
import { type GradeChange, gradeChanges, type RunPayload } from './watch-grades.js';
import { type PublicStatus, publicStatuses } from './watch-status.js';

/**
 * Turns feed events about watched subjects into watch notifications (job 'sync-watches', after the
 * sequencer). For each active watch, page by page after its cursor, in one short transaction each:
 *  1. lock the watch row (FOR UPDATE SKIP LOCKED: another process matching it, or its owner changing
 *     it, makes this pass skip it instead of waiting, and no page is ever matched twice);
 *  2. find the events that change a subject's public list status or restriction (watch-changes.ts),
 *     keep those about the watch's codes with one query per page against its codes, and add the grade
 *     changes a yearly run brings to them (watch-grades.ts);
 *  3. write one message per watch × subject × event into sync.deliveries, its body fixed once (the
 *     subject's public status now: watch-status.ts), due at once; the delivery worker signs and sends
 *     it to the watch's URL like any other message;
 *  4. move the cursor to the last event read, in the same transaction.
 * A paused watch keeps its cursor: when it is active again, matching resumes where it stopped, so
 * what changed meanwhile is sent then (each message with the status at the time it is matched).
 */
export const WATCH_EVENT_TYPE = 'credit.subject.changed';
const PAGE = 500;
const STATUS_CHUNK = 5000;
const INSERT_CHUNK = 1000;

export type WatchNotification = {
  type: typeof WATCH_EVENT_TYPE;
  timestamp: string;
  data: {
    watchId: string;
    uscc: string;
    change: Change;
    cause: { index: number; eventId: string; type: string };
    grade?: { from: GradeChange['from']; to: GradeChange['to'] };
    status: PublicStatus;
  };
};

export async function matchWatches(db: Db, clock: Clock, _env: SyncEnv): Promise<{ notifications: number }> {
  const head = await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
  const due = await db
    .selectFrom('sync.watches')
    .select('id')
    .where('status', '=', 'active')
    .where('cursor', '<', String(Number(head.tree_size) - 1))
    .orderBy('id')
    .execute();
  let notifications = 0;
  for (const { id } of due) {
    for (;;) {
      const pass = await db.transaction().execute((trx) => matchPage(trx, clock, id));
      notifications += pass.notifications;
      if (!pass.more) break;
    }
  }
  return { notifications };
}

type Hit = Found & { grade?: GradeChange };

async function matchPage(trx: Trx, clock: Clock, watchId: string): Promise<{ notifications: number; more: boolean }> {
  const watch = await trx
    .selectFrom('sync.watches')
    .select(['id', 'cursor', 'owner_role'])
    .where('id', '=', watchId)
    .where('status', '=', 'active')
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  // Paused, removed or being matched elsewhere since the list was read.
  if (!watch) return { notifications: 0, more: false };
  // Matching reads the payloads only to find the subject; it never passes them on.
  const items = await readFeed(trx, Number(watch.cursor), PAGE, { withhold: false });
  const last = items.at(-1);
  if (!last) return { notifications: 0, more: false };
  const found = await watchedChanges(trx, watchId, items);
  // What reaches a watch is what its owner may see: an event that is not public exists only for the platform.
  const visible = watch.owner_role === 'platform' ? found : found.filter((f) => !f.fromPrivate);
  const hits = [...visible, ...(await runChanges(trx, watchId, items))].sort((a, b) => a.index - b.index);
  if (hits.length) await writeNotifications(trx, clock, watchId, hits);
  await trx.updateTable('sync.watches').set({ cursor: last.index }).where('id', '=', watchId).execute();
  return { notifications: hits.length, more: items.length === PAGE };
}

/** List status and restriction changes about this watch's codes: one lookup of its codes for the page. */
async function watchedChanges(trx: Trx, watchId: string, items: ServedFeedItem[]): Promise<Hit[]> {
  const found = await changesIn(trx, items);
  if (!found.length) return [];
  const usccs = [...new Set(found.map((f) => f.uscc))];
  const { rows } = await sql<{ uscc: string }>`
    SELECT w.uscc FROM sync.watch_subjects w
    WHERE w.watch_id = ${watchId} AND w.uscc = ANY(${usccs}::text[])`.execute(trx);
  const watched = new Set(rows.map((r) => r.uscc));
  return found.filter((f) => watched.has(f.uscc));
}

async function runChanges(trx: Trx, watchId: string, items: ServedFeedItem[]): Promise<Hit[]> {
  const hits: Hit[] = [];
  for (const item of items.filter((i) => i.type === 'evaluation.run_completed')) {
    for (const grade of await gradeChanges(trx, watchId, item.payload as RunPayload)) {
      hits.push({ index: item.index, eventId: item.id, type: item.type, change: 'grade', uscc: grade.uscc, grade });
    }
  }
  return hits;
}

async function writeNotifications(trx: Trx, clock: Clock, watchId: string, hits: Hit[]) {
  const now = clock.now();
  const today = clock.today();
  const top = await trx
    .selectFrom('sync.deliveries')
    .select(sql<string | null>`max(seq)`.as('seq'))
    .where('watch_id', '=', watchId)
    .executeTakeFirst();
  let seq = Number(top?.seq ?? 0);
  for (let at = 0; at < hits.length; at += STATUS_CHUNK) {
    const part = hits.slice(at, at + STATUS_CHUNK);
    const statuses = await publicStatuses(trx, [...new Set(part.map((h) => h.uscc))], today);
    const rows = part.map((hit) => {
      seq += 1;
      const body: WatchNotification = {
        type: WATCH_EVENT_TYPE,
        timestamp: now.toISOString(),
        data: {
          watchId,
          uscc: hit.uscc,
          change: hit.change,
          cause: { index: hit.index, eventId: hit.eventId, type: hit.type },
          ...(hit.grade ? { grade: { from: hit.grade.from, to: hit.grade.to } } : {}),
          status: statuses.get(hit.uscc)!,
        },
      };
      return {
        id: newId('delivery', now),
        endpoint_id: null,
        watch_id: watchId,
        seq,
        first_position: hit.index,
        last_position: hit.index,
        event_count: 1,
        body: JSON.stringify(body),
        next_attempt_at: now,
        lease_until: null,
        last_status: null,
        last_error: null,
        created_at: now,
        delivered_at: null,
        dead_at: null,
      };
    });
    for (let i = 0; i < rows.length; i += INSERT_CHUNK)
      await trx
        .insertInto('sync.deliveries')
        .values(rows.slice(i, i + INSERT_CHUNK))
        .execute();
  }
}
