import type { Clock } from '../../core/clock.js';
import type { Db, Trx } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { SyncEnv } from '../env.js';
import { readFeed } from '../feed.js';
import type { ServedFeedItem } from '../feed-item.js';

/**
 * Cuts the feed into messages for each active push endpoint. Each cut is one short transaction that
 * locks the endpoint's row (FOR UPDATE SKIP LOCKED: a second process skips an endpoint being cut
 * instead of waiting, and can never cut the same events twice), reads up to batchMax events after the
 * endpoint's cursor, keeps those of the types it asked for, writes one message with the next seq, and
 * moves the cursor to the last position read — also when every event was filtered out, so a quiet
 * endpoint does not reread the feed forever.
 *
 * The body is fixed here, once: every attempt sends exactly these bytes under the same webhook-id, so
 * the platform can deduplicate by the id and a retry is byte-for-byte the message it may have applied.
 */
export const BATCH_TYPE = 'credit.feed.batch';

export type BatchBody = {
  type: typeof BATCH_TYPE;
  timestamp: string;
  data: { endpointId: string; seq: number; firstIndex: number; lastIndex: number; events: ServedFeedItem[] };
};

export type CutReport = { batches: number; events: number };

export async function cutBatches(db: Db, clock: Clock, env: SyncEnv): Promise<CutReport> {
  const active = await db.selectFrom('sync.endpoints').select('id').where('status', '=', 'active').orderBy('id').execute();
  const report: CutReport = { batches: 0, events: 0 };
  for (const { id } of active) {
    for (;;) {
      const cut = await db.transaction().execute((trx) => cutOnce(trx, clock, env, id));
      report.batches += cut.batch ? 1 : 0;
      report.events += cut.events;
      if (!cut.more) break;
    }
  }
  return report;
}

type Cut = { batch: boolean; events: number; more: boolean };

async function cutOnce(trx: Trx, clock: Clock, env: SyncEnv, endpointId: string): Promise<Cut> {
  const endpoint = await trx
    .selectFrom('sync.endpoints')
    .select(['id', 'cursor', 'event_types'])
    .where('id', '=', endpointId)
    .where('status', '=', 'active')
    .forUpdate()
    .skipLocked()
    .executeTakeFirst();
  // Paused since the list was read, or being cut by another process right now.
  if (!endpoint) return { batch: false, events: 0, more: false };
  const read = await readFeed(trx, Number(endpoint.cursor), env.batchMax);
  const last = read.at(-1);
  if (!last) return { batch: false, events: 0, more: false };
  const wanted = endpoint.event_types ? new Set(endpoint.event_types) : null;
  const events = wanted ? read.filter((item) => wanted.has(item.type)) : read;
  if (events.length > 0) await writeBatch(trx, clock, env, endpointId, events);
  await trx.updateTable('sync.endpoints').set({ cursor: last.index }).where('id', '=', endpointId).execute();
  return { batch: events.length > 0, events: events.length, more: read.length === env.batchMax };
}

async function writeBatch(trx: Trx, clock: Clock, env: SyncEnv, endpointId: string, events: ServedFeedItem[]) {
  const now = clock.now();
  const previous = await trx
    .selectFrom('sync.deliveries')
    .select((eb) => eb.fn.max('seq').as('seq'))
    .where('endpoint_id', '=', endpointId)
    .executeTakeFirst();
  const seq = previous?.seq === null || previous?.seq === undefined ? 1 : Number(previous.seq) + 1;
  const firstIndex = events[0]!.index;
  const lastIndex = events.at(-1)!.index;
  const body: BatchBody = { type: BATCH_TYPE, timestamp: now.toISOString(), data: { endpointId, seq, firstIndex, lastIndex, events } };
  await trx
    .insertInto('sync.deliveries')
    .values({
      id: newId('delivery', now),
      endpoint_id: endpointId,
      watch_id: null,
      seq,
      first_position: firstIndex,
      last_position: lastIndex,
      event_count: events.length,
      body: JSON.stringify(body),
      next_attempt_at: new Date(now.getTime() + (env.retrySchedule[0] ?? 0)),
      created_at: now,
    })
    .execute();
}
