import { type RawBuilder, sql } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/types.js';
import type { SyncEnv } from '../env.js';
import { afterFailure, leaseMs } from './schedule.js';

/**
 * Claiming due messages and recording how an attempt went, each in its own short transaction: the
 * HTTP request happens between the two, outside any transaction, so a slow platform never holds a
 * row lock or a connection.
 *
 * A message is due when it is pending, its next attempt time has come, no live lease holds it, its
 * endpoint or watch is active, and it is the head of its queue:
 * - an endpoint's head is its lowest undelivered seq: the platform applies batches in order, so batch
 *   n+1 waits until batch n is delivered (a dead letter holds the ones after it until it is replayed;
 *   the pull feed stays available meanwhile);
 * - a watch's head is its lowest pending seq: each notification carries the subject's whole current
 *   status (and the feed position that caused it), so one that died does not hold up the later ones.
 * Only the heads are looked at, found by a skip scan over the open-seq partial indexes (one index
 * descent per queue that has open messages): a backlog of thousands behind an endpoint that is down
 * costs a claim nothing. The due heads are then locked by id with FOR UPDATE SKIP LOCKED, which lets
 * several processes claim side by side without taking the same row; a head leased to another worker
 * keeps its queue waiting.
 */
export type Claimed = {
  id: string;
  body: string;
  /** The attempt number in this round (the retry schedule's index); a replay starts a new round. */
  attempts: number;
  /** The attempt's number in the message's whole history (sync.delivery_attempts.attempt). */
  attemptNo: number;
  url: string;
  secret: string | null;
};

/**
 * How many due heads a claim considers beyond the `limit` it takes: the claimers running at the same
 * moment look at the same heads, and each skips the ones another has locked or leased.
 */
export const CLAIM_CANDIDATES = 64;

/**
 * The head (lowest seq among the open messages) of every queue, by `column` (endpoint_id or watch_id):
 * each step jumps to the next queue through the partial index on (column, seq) that `open` matches
 * (deliveries_endpoint_open, deliveries_watch_pending), so the rows behind a head are never read. The
 * head's own columns come along, so judging whether it is due reads no other row.
 */
function queueHeads(name: string, column: 'endpoint_id' | 'watch_id', open: RawBuilder<unknown>) {
  const queue = sql.ref(column);
  const head = sql`SELECT ${queue} AS queue, id, status, next_attempt_at, lease_until FROM sync.deliveries`;
  return sql`${sql.id(name)} AS (
    (${head} WHERE ${queue} IS NOT NULL AND ${open} ORDER BY ${queue}, seq LIMIT 1)
    UNION ALL
    SELECT following.*
    FROM ${sql.id(name)} AS h
    CROSS JOIN LATERAL (${head} WHERE ${queue} > h.queue AND ${open} ORDER BY ${queue}, seq LIMIT 1) AS following)`;
}

/** The ids of the first `count` heads that are due, oldest due first; nothing is locked yet. */
export function dueHeads(now: Date, count: number) {
  return sql<{ id: string }>`
    WITH RECURSIVE
      ${queueHeads('endpoint_heads', 'endpoint_id', sql`status <> 'delivered'`)},
      ${queueHeads('watch_heads', 'watch_id', sql`status = 'pending'`)}
    SELECT id FROM (
      SELECT h.id, h.next_attempt_at, h.status, h.lease_until FROM endpoint_heads h
      JOIN sync.endpoints e ON e.id = h.queue AND e.status = 'active'
      UNION ALL
      SELECT h.id, h.next_attempt_at, h.status, h.lease_until FROM watch_heads h
      JOIN sync.watches w ON w.id = h.queue AND w.status = 'active'
    ) AS heads
    WHERE status = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
    ORDER BY next_attempt_at, id
    LIMIT ${count}`;
}

/**
 * Locks up to `limit` of the heads found, skipping those another claim holds; the conditions are
 * judged again on the row as it is now (another claim may have taken or finished one meanwhile).
 */
export function lockDue(ids: string[], now: Date, limit: number) {
  return sql<{ id: string }>`
    SELECT id FROM sync.deliveries
    WHERE id = ANY(${ids}::text[])
      AND status = 'pending' AND next_attempt_at <= ${now} AND (lease_until IS NULL OR lease_until <= ${now})
    ORDER BY next_attempt_at, id
    LIMIT ${limit}
    FOR UPDATE SKIP LOCKED`;
}

export async function claimDue(db: Db, clock: Clock, env: SyncEnv, limit: number): Promise<Claimed[]> {
  const now = clock.now();
  const leaseUntil = new Date(now.getTime() + leaseMs(env.timeoutMs));
  return db.transaction().execute(async (trx) => {
    const { rows: heads } = await dueHeads(now, limit + CLAIM_CANDIDATES).execute(trx);
    if (heads.length === 0) return [];
    const { rows } = await lockDue(
      heads.map((r) => r.id),
      now,
      limit,
    ).execute(trx);
    if (rows.length === 0) return [];
    const ids = rows.map((r) => r.id);
    // An attempt still without an outcome belonged to a worker that stopped mid-request (its lease ran out).
    await trx
      .updateTable('sync.delivery_attempts')
      .set({ error: 'no outcome: the worker stopped before recording one, and its lease expired' })
      .where('delivery_id', 'in', ids)
      .where('status', 'is', null)
      .where('error', 'is', null)
      .execute();
    const { rows: claimed } = await sql<Omit<Claimed, 'attemptNo'> & { history: string }>`
      UPDATE sync.deliveries d
      SET lease_until = ${leaseUntil}, attempts = d.attempts + 1
      FROM (SELECT d2.id, coalesce(e.url, w.url) AS url, coalesce(e.secret, w.secret) AS secret,
                   (SELECT count(*) FROM sync.delivery_attempts a WHERE a.delivery_id = d2.id) AS history
            FROM sync.deliveries d2
            LEFT JOIN sync.endpoints e ON e.id = d2.endpoint_id
            LEFT JOIN sync.watches w ON w.id = d2.watch_id
            WHERE d2.id IN (${sql.join(ids)})) t
      WHERE d.id = t.id
      RETURNING d.id, d.body, d.attempts, t.url, t.secret, t.history::text AS history`.execute(trx);
    const result = claimed.map(({ history, ...row }) => ({ ...row, attemptNo: Number(history) + 1 }));
    await trx
      .insertInto('sync.delivery_attempts')
      .values(result.map((c) => ({ delivery_id: c.id, attempt: c.attemptNo, at: now, status: null, error: null, duration_ms: 0 })))
      .execute();
    return result;
  });
}

export type Outcome = { ok: boolean; status: number | null; error: string | null; durationMs: number };

/**
 * Records an attempt's outcome: delivered on a 2xx; otherwise the next attempt after the schedule's
 * wait, or a dead letter after the last. Only the claim that still holds the message may record it
 * (same round of attempts, still pending): a worker whose lease ran out and was overtaken writes its
 * attempt row but leaves the message to the newer claim.
 */
export async function recordOutcome(
  db: Db,
  clock: Clock,
  env: SyncEnv,
  claim: Claimed,
  outcome: Outcome,
): Promise<'delivered' | 'retry' | 'dead' | 'overtaken'> {
  const now = clock.now();
  // The message's row first, then its attempt row: the order the claim takes them in, so the two never deadlock.
  return db.transaction().execute(async (trx) => {
    const held = trx
      .updateTable('sync.deliveries')
      .where('id', '=', claim.id)
      .where('status', '=', 'pending')
      .where('attempts', '=', claim.attempts);
    const common = { lease_until: null, last_status: outcome.status, last_error: outcome.error };
    const next = outcome.ok ? null : afterFailure(env.retrySchedule, claim.attempts);
    const set =
      next === null
        ? { ...common, status: 'delivered' as const, delivered_at: now }
        : next.dead
          ? { ...common, status: 'dead' as const, dead_at: now }
          : { ...common, next_attempt_at: new Date(now.getTime() + next.waitMs) };
    const done = await held.set(set).executeTakeFirst();
    await trx
      .updateTable('sync.delivery_attempts')
      .set({ status: outcome.status, error: outcome.error, duration_ms: Math.round(outcome.durationMs) })
      .where('delivery_id', '=', claim.id)
      .where('attempt', '=', claim.attemptNo)
      .execute();
    if (done.numUpdatedRows === 0n) return 'overtaken';
    return next === null ? 'delivered' : next.dead ? 'dead' : 'retry';
  });
}
