import { sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { openEvents } from './consumers.js';
import { unplacedPublicEvents } from './sequencer.js';

/**
 * What the outbox still owes, read at every metrics scrape. Each query walks an index over the open
 * work, never the history (schema/0013, 0014):
 * - outbox lag, per reader of sync.events: the age of the oldest event it has not taken yet, 0 when none.
 *   The feed takes every committed public event (a sync.feed row); like the sequencer it looks only from
 *   log_head.low_xmin on, below which everything is placed. An in-registry consumer takes the events of
 *   its type (a sync.consumed row); finding its oldest open event walks its type's events in id order
 *   to the first unmarked one, which is the scan the consumer itself runs every few seconds.
 * - pushed messages not delivered yet (pending) or given up on (dead): per platform endpoint (an admin
 *   registers a handful), and for all watches together (one series per applicant's watch would grow
 *   without bound).
 */
export type SyncBacklog = {
  outboxLag: { consumer: string; seconds: number }[];
  endpointDeliveries: { endpoint: string; pending: number; dead: number }[];
  watchDeliveries: { pending: number; dead: number };
};

/** The reader name the feed's lag is reported under. */
export const FEED_READER = 'feed';

export async function readSyncBacklog(db: Db, clock: Clock, consumers: readonly { name: string; type: string }[]): Promise<SyncBacklog> {
  const now = clock.now().getTime();
  const ageOf = (oldest: Date | null | undefined) => (oldest ? Math.max(0, (now - new Date(oldest).getTime()) / 1000) : 0);
  // One query after another: a scrape takes one pooled connection at a time, not one per query.
  const feed = await oldestUnplaced(db);
  const consumerLags = [];
  for (const c of consumers) consumerLags.push({ consumer: c.name, seconds: ageOf(await oldestUnconsumed(db, c)) });
  const endpoints = await sql<{ endpoint: string; pending: number | string; dead: number | string }>`
    SELECT ep.id AS endpoint,
           count(d.id) FILTER (WHERE d.status = 'pending') AS pending,
           count(d.id) FILTER (WHERE d.status = 'dead') AS dead
    FROM sync.endpoints ep
    LEFT JOIN sync.deliveries d ON d.endpoint_id = ep.id AND d.status <> 'delivered'
    GROUP BY ep.id
    ORDER BY ep.id`.execute(db);
  const watches = await sql<{ pending: number | string; dead: number | string }>`
    SELECT count(*) FILTER (WHERE status = 'pending') AS pending, count(*) FILTER (WHERE status = 'dead') AS dead
    FROM sync.deliveries
    WHERE watch_id IS NOT NULL AND status <> 'delivered'`.execute(db);
  const watchRow = watches.rows[0];
  return {
    outboxLag: [{ consumer: FEED_READER, seconds: ageOf(feed) }, ...consumerLags],
    endpointDeliveries: endpoints.rows.map((r) => ({ endpoint: r.endpoint, pending: Number(r.pending), dead: Number(r.dead) })),
    watchDeliveries: { pending: Number(watchRow?.pending ?? 0), dead: Number(watchRow?.dead ?? 0) },
  };
}

async function oldestUnplaced(db: Db): Promise<Date | null> {
  const head = await db.selectFrom('sync.log_head').select('low_xmin').executeTakeFirst();
  const { rows } = await sql<{ oldest: Date | null }>`
    SELECT min(e.at) AS oldest FROM sync.events e WHERE ${unplacedPublicEvents('e', head?.low_xmin ?? null)}`.execute(db);
  return rows[0]?.oldest ?? null;
}

async function oldestUnconsumed(db: Db, consumer: { name: string; type: string }): Promise<Date | null> {
  return (await openEvents(db, consumer).limit(1).executeTakeFirst())?.at ?? null;
}
