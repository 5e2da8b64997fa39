import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, pgDbOver } from '../../src/db/pg.js';
import { replicaTrouble } from '../../src/db/replica-fallback.js';
import type { Db } from '../../src/db/types.js';

/**
 * A replica that fails under a read: the read is answered by the primary and the failure is reported
 * (so the replica is taken out at once). Here the "replica" and the "primary" are two pools on the test
 * server told apart by their application_name; a replica failing mid-query is its backend terminated
 * while the query runs, as a standby that restarts or cancels for recovery does.
 */
const base = process.env.TEST_DATABASE_URL!;
const withName = (name: string) => {
  const url = new URL(base);
  url.searchParams.set('application_name', name);
  return url.toString();
};
const REPLICA = `fallback_replica_${process.pid}`;
const PRIMARY = `fallback_primary_${process.pid}`;

let admin: pg.Pool;
let primary: pg.Pool;
const opened: { db: Db; pool: pg.Pool }[] = [];

function replicaDb(url: string, failures: Error[], options: { max?: number; timeoutMs?: number } = {}) {
  const pool = createPgPool(url, options.max ?? 2, options.timeoutMs);
  const db = pgDbOver(pool, { preparedStatements: true, fallback: { primary, onDown: (error) => failures.push(error) } });
  opened.push({ db, pool });
  return { db, pool };
}

/** Terminates the replica pool's backend once it is running the given query. */
async function terminateWhenRunning(marker: string) {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query(
      `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
       WHERE application_name = $1 AND state = 'active' AND query LIKE '%' || $2 || '%'`,
      [REPLICA, marker],
    );
    if (rows.length) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the replica never ran the query');
}

const whoAnswers = (db: Db, marker: string) =>
  sql<{ app: string }>`SELECT current_setting('application_name') AS app, ${marker}::text AS marker FROM pg_sleep(0.5)`.execute(db);

beforeAll(() => {
  admin = new pg.Pool({ connectionString: base, max: 1 });
  primary = createPgPool(withName(PRIMARY), 2);
});
afterAll(async () => {
  for (const { db } of opened) await db.destroy();
  await primary.end();
  await admin.end();
});

describe('a read replica failing under a read', () => {
  it('answers from the primary when the replica connection breaks in the middle of the query', async () => {
    const failures: Error[] = [];
    const { db, pool } = replicaDb(withName(REPLICA), failures);
    const warm = await sql<{ app: string }>`SELECT current_setting('application_name') AS app`.execute(db);
    expect(warm.rows[0]!.app, 'a healthy replica answers itself').toBe(REPLICA);

    const [answer] = await Promise.all([whoAnswers(db, 'mid-query-1'), terminateWhenRunning('pg_sleep')]);
    expect(answer.rows[0]).toEqual({ app: PRIMARY, marker: 'mid-query-1' });
    expect(failures).toHaveLength(1);
    expect(replicaTrouble(failures[0])).toBe('down');
    const again = await sql<{ app: string }>`SELECT current_setting('application_name') AS app`.execute(db);
    expect(again.rows[0]!.app).toBe(REPLICA);
    expect(failures).toHaveLength(1);
    expect(pool.totalCount).toBeLessThanOrEqual(1);
  });

  it('answers from the primary when the replica cannot be reached', async () => {
    const failures: Error[] = [];
    const unreachable = new URL(withName(REPLICA));
    unreachable.port = '1';
    const { db } = replicaDb(unreachable.toString(), failures);
    const answer = await sql<{ app: string }>`SELECT current_setting('application_name') AS app`.execute(db);
    expect(answer.rows[0]!.app).toBe(PRIMARY);
    expect(failures.length).toBe(1);
  });

  it("passes on the query's own error and does not blame the replica", async () => {
    const failures: Error[] = [];
    const { db } = replicaDb(withName(REPLICA), failures);
    await expect(sql`SELECT 1 / 0`.execute(db)).rejects.toMatchObject({ code: '22012' });
    expect(failures).toEqual([]);
  });

  it('does not run the rest of a transaction elsewhere, but still reports the replica', async () => {
    const failures: Error[] = [];
    const { db } = replicaDb(withName(REPLICA), failures);
    const inTransaction = db.transaction().execute(async (trx) => whoAnswers(trx, 'in-transaction'));
    await Promise.all([expect(inTransaction).rejects.toThrow(), terminateWhenRunning('pg_sleep')]);
    // The statement, and the rollback after it, failed where they ran: on the replica.
    expect(failures.length).toBeGreaterThanOrEqual(1);
    expect(failures.every((f) => replicaTrouble(f) === 'down')).toBe(true);
  });

  it('a connection lost between statements fails its transaction, not the process', async () => {
    const pool = createPgPool(withName(REPLICA), 1);
    const db = pgDbOver(pool);
    opened.push({ db, pool });
    const lost = db.transaction().execute(async (trx) => {
      await sql`SELECT 1`.execute(trx);
      // Idle in the transaction, checked out of the pool, when its backend goes away.
      await admin.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1`, [REPLICA]);
      await new Promise((r) => setTimeout(r, 200));
      await sql`SELECT 2`.execute(trx);
    });
    await expect(lost).rejects.toThrow();
    const after = await sql<{ n: number }>`SELECT 3 AS n`.execute(db);
    expect(after.rows[0]!.n).toBe(3);
  });

  it('answers from the primary when the replica is only busy, and keeps the replica in service', async () => {
    const failures: Error[] = [];
    const { db, pool } = replicaDb(withName(REPLICA), failures, { max: 1, timeoutMs: 300 });
    const held = await pool.connect(); // the replica's one connection, taken
    try {
      const answer = await sql<{ app: string }>`SELECT current_setting('application_name') AS app`.execute(db);
      expect(answer.rows[0]!.app).toBe(PRIMARY);
      expect(failures, 'a full pool is not a replica that is down').toEqual([]);
    } finally {
      held.release();
    }
  });

  it('tells a replica that is down or busy from errors of the query', () => {
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', 'ECONNREFUSED', 'ECONNRESET'])
      expect(replicaTrouble({ code }), code).toBe('down');
    expect(replicaTrouble(new Error('Connection terminated unexpectedly'))).toBe('down');
    expect(replicaTrouble(new Error('Connection terminated due to connection timeout'))).toBe('down');
    expect(replicaTrouble(new Error('timeout exceeded when trying to connect'))).toBe('busy');
    expect(replicaTrouble({ code: '40001' })).toBe('busy');
    for (const code of ['22012', '23505', '42P01', '42703', '08P01']) expect(replicaTrouble({ code }), code).toBeNull();
    expect(replicaTrouble(new Error('Query read timeout')), 'a slow query is not retried elsewhere').toBeNull();
  });
});
