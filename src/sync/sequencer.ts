import { sql } from 'kysely';
import type { Clock } from '../core/clock.js';
import type { Db, Trx } from '../db/types.js';
import { fromHex, toHex } from '../lib/merkle.js';
import type { FeedSigner } from '../signing/signer.js';
import { PUBLIC_EVENT_TYPES } from './catalogue.js';
import { type EventRow, feedLeafHash, leafItemOf } from './feed-item.js';
import { appendLeaf, readFrontier, rootOfFrontier } from './merkle-store.js';

/**
 * Gives public events their feed position, after they commit, in one place (domain §9: positions
 * assigned before commit let a reader skip an event that commits late). Each pass:
 *  1. takes the snapshot's xmin first: every transaction below it has ended;
 *  2. locks the log head, so passes in several processes take turns;
 *  3. places every public event it can see (so committed) that has no position yet, from the head's
 *     low-water mark on, in (txid, id) order, as leaves of the Merkle log, storing each complete
 *     subtree as it closes; an event still uncommitted is not visible, keeps no place, and is placed
 *     by a later pass — after everything already read, so no reader skips it;
 *  4. moves the low-water mark to that xmin (everything below it is placed now) and signs a checkpoint.
 * A long transaction anywhere on the server holds only the low-water mark back, not the feed: the
 * window each pass looks through grows until it ends, and nothing waits on it.
 */
export const CHECKPOINT_TYP = 'credit-checkpoint+jws';
export const LOG_ORIGIN = 'credit-registry/feed/v1';

export type Checkpoint = { origin: string; treeSize: number; rootHash: string; timestamp: string };

export type SequenceReport = { placed: number; treeSize: number };

/**
 * How a caller runs it. The scheduler and `npm run sync` catch up fully and wait their turn for the
 * head; the after-write hook of a request does one bounded pass and skips it when another process
 * holds the head (that process places the event), so a write never queues behind the sequencer.
 */
export type SequenceOptions = { batch?: number; afterWrite?: boolean };

/** After a write, a new checkpoint only when the last is older than this (passes of the loop sign every growth). */
export const AFTER_WRITE_CHECKPOINT_MS = 1000;

export async function sequenceFeed(db: Db, clock: Clock, signer: FeedSigner, options: SequenceOptions = {}): Promise<SequenceReport> {
  const batch = options.batch ?? (options.afterWrite ? 500 : 5000);
  let placed = 0;
  for (;;) {
    const pass = await db.transaction().execute((trx) => sequenceOnce(trx, clock, signer, batch, options.afterWrite ?? false));
    placed += pass.placed;
    if (options.afterWrite || pass.placed < batch) return { placed, treeSize: pass.treeSize };
  }
}

/**
 * Public events the feed has not placed yet: looked for from log_head.low_xmin on, below which every
 * transaction has ended and every event is placed (the metrics' outbox lag reads the same set).
 */
export function unplacedPublicEvents(alias: string, lowXmin: string | null) {
  const e = sql.ref(alias);
  const from = lowXmin === null ? sql`true` : sql`${e}.txid >= ${lowXmin}::xid8`;
  return sql<boolean>`${from} AND ${e}.type = ANY(${PUBLIC_EVENT_TYPES}::text[])
    AND NOT EXISTS (SELECT 1 FROM sync.feed f WHERE f.event_id = ${e}.id)`;
}

async function sequenceOnce(trx: Trx, clock: Clock, signer: FeedSigner, batch: number, afterWrite: boolean): Promise<SequenceReport> {
  const { rows: snapshot } = await sql<{ xmin: string }>`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`.execute(trx);
  const xmin = snapshot[0]!.xmin;
  let headQuery = trx.selectFrom('sync.log_head').selectAll().forUpdate();
  if (afterWrite) headQuery = headQuery.skipLocked();
  const head = await headQuery.executeTakeFirst();
  if (!head) return { placed: 0, treeSize: -1 };
  const size = Number(head.tree_size);
  // In the order the transactions committed (sync.tx_commits, schema/0014); events written before that
  // table existed have no ordinal and come first, by txid.
  const { rows: events } = await sql<EventRow & { txid: string }>`
    SELECT e.id, e.txid::text AS txid, e.type, e.at, e.entity_type, e.entity_id, e.payload
    FROM sync.events e
    LEFT JOIN sync.tx_commits c ON c.txid = e.txid
    WHERE ${unplacedPublicEvents('e', head.low_xmin)}
    ORDER BY c.ordinal NULLS FIRST, e.txid, e.id
    LIMIT ${batch}`.execute(trx);
  // Below xmin every transaction has ended, so this pass saw all of their events: unless the batch was
  // cut short, none is left there, and later passes start at xmin (their commit ordinals are spent).
  const caughtUp = events.length < batch;
  if (caughtUp && head.low_xmin !== xmin) {
    await trx.updateTable('sync.log_head').set({ low_xmin: xmin }).execute();
    await trx.deleteFrom('sync.tx_commits').where(sql<boolean>`txid < ${xmin}::xid8`).execute();
  }
  if (events.length === 0) {
    await ensureCheckpoint(trx, clock, signer, size, afterWrite);
    return { placed: 0, treeSize: size };
  }
  const frontier = await readFrontier(trx, size);
  const feedRows = [];
  const nodes = [];
  const now = clock.now();
  for (const [offset, event] of events.entries()) {
    const index = size + offset;
    const item = leafItemOf(index, event);
    const leaf = await feedLeafHash(item);
    feedRows.push({ position: index, event_id: event.id, leaf_hash: leaf, payload_hash: fromHex(item.payloadHash), sequenced_at: now });
    nodes.push(...(await appendLeaf(frontier, index, leaf)));
  }
  for (let i = 0; i < feedRows.length; i += 1000)
    await trx
      .insertInto('sync.feed')
      .values(feedRows.slice(i, i + 1000))
      .execute();
  for (let i = 0; i < nodes.length; i += 1000)
    await trx
      .insertInto('sync.merkle_nodes')
      .values(nodes.slice(i, i + 1000))
      .execute();
  const newSize = size + events.length;
  await trx.updateTable('sync.log_head').set({ tree_size: newSize }).execute();
  if (!afterWrite || (await lastCheckpointAge(trx, clock)) >= AFTER_WRITE_CHECKPOINT_MS) {
    await signCheckpoint(trx, clock, signer, newSize, toHex(await rootOfFrontier(frontier)));
  }
  return { placed: events.length, treeSize: newSize };
}

async function lastCheckpointAge(trx: Trx, clock: Clock): Promise<number> {
  const last = await trx.selectFrom('sync.checkpoints').select('signed_at').orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
  return last ? clock.now().getTime() - last.signed_at.getTime() : Number.POSITIVE_INFINITY;
}

async function signCheckpoint(trx: Trx, clock: Clock, signer: FeedSigner, treeSize: number, rootHash: string) {
  const signedAt = clock.now();
  const checkpoint: Checkpoint = { origin: LOG_ORIGIN, treeSize, rootHash, timestamp: signedAt.toISOString() };
  const jws = await signer.sign(checkpoint, CHECKPOINT_TYP);
  await trx
    .insertInto('sync.checkpoints')
    .values({ tree_size: treeSize, root_hash: fromHex(rootHash), signed_at: signedAt, kid: signer.kid, jws })
    .execute();
}

/**
 * The current size gets its checkpoint once (the empty log too, so a platform can start from size 0):
 * a size an after-write pass left unsigned is signed by the next pass of the loop.
 */
async function ensureCheckpoint(trx: Trx, clock: Clock, signer: FeedSigner, size: number, afterWrite: boolean) {
  if (afterWrite && (await lastCheckpointAge(trx, clock)) < AFTER_WRITE_CHECKPOINT_MS) return;
  const existing = await trx.selectFrom('sync.checkpoints').select('tree_size').where('tree_size', '=', String(size)).executeTakeFirst();
  if (existing) return;
  const frontier = await readFrontier(trx, size);
  await signCheckpoint(trx, clock, signer, size, toHex(await rootOfFrontier(frontier)));
}
