import { type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { cutBatches } from '../../src/sync/delivery/batches.js';
import { CLAIM_CANDIDATES, dueHeads, lockDue } from '../../src/sync/delivery/claim.js';
import { deliverDue } from '../../src/sync/delivery/worker.js';
import { expectAppliedOnce, expectInOrder, newSecret, produceEvents, registerEndpoint } from '../helpers/delivery.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { type Platform, startPlatform } from '../helpers/platform-server.js';
import { sequenceAll } from '../helpers/sync-watches.js';

/**
 * One endpoint has been down for hours: its first batch waits for its next retry and 2,000 batches
 * are queued behind it. A healthy endpoint's batches still go out at once, one attempt each, and a
 * claim reads only the head of each queue — not the backlog (the plan of the claim query says how many
 * rows of sync.deliveries it read).
 */
const BACKLOG = 2000;
let h: Harness;
let admin: string;
let regulator: string;
const platforms: Platform[] = [];

beforeAll(async () => {
  h = await createHarness({
    clock: systemClock,
    env: { SYNC_RETRY_SCHEDULE: '0s,50ms,100ms', SYNC_DELIVERY_TIMEOUT_MS: '500', SYNC_BATCH_MAX: '2' },
  });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  for (const p of platforms) await p.close();
  await h.close();
});

async function platformEndpoint() {
  const secret = newSecret();
  const platform = await startPlatform({ secret });
  platforms.push(platform);
  return { platform, id: await registerEndpoint(h, admin, { url: platform.url, secret }) };
}

type PlanNode = { 'Relation Name'?: string; 'Actual Rows': number; 'Actual Loops': number; Plans?: PlanNode[] };
class Rollback extends Error {
  constructor(readonly plans: PlanNode[]) {
    super('rolled back');
  }
}
const rowsRead = (node: PlanNode, table: string): number =>
  (node['Relation Name'] === table ? node['Actual Rows'] * node['Actual Loops'] : 0) +
  (node.Plans ?? []).reduce((n, child) => n + rowsRead(child, table), 0);

describe('an endpoint down for hours, with a backlog', () => {
  it('holds up neither a healthy endpoint nor the claim query', async () => {
    const down = await platformEndpoint();
    const healthy = await platformEndpoint();
    const now = new Date();
    // The down endpoint's head is retrying in an hour; everything behind it is due but must wait.
    await sql`
      INSERT INTO sync.deliveries (id, endpoint_id, seq, event_count, body, next_attempt_at, attempts, last_status, created_at)
      SELECT 'msg_backlog_' || s, ${down.id}, s, 0, '{}',
             CASE WHEN s = 1 THEN ${new Date(now.getTime() + 3_600_000)}::timestamptz ELSE ${new Date(now.getTime() - 60_000)}::timestamptz END,
             CASE WHEN s = 1 THEN 5 ELSE 0 END, CASE WHEN s = 1 THEN 503 END, ${now}::timestamptz
      FROM generate_series(1, ${BACKLOG}) AS s`.execute(h.db);
    await sql`ANALYZE sync.deliveries`.execute(h.db);

    await produceEvents(h, regulator, 6);
    await sequenceAll(h, systemClock);
    await cutBatches(h.db, systemClock, h.deps.sync);
    const batches = await h.db.selectFrom('sync.deliveries').select('id').where('endpoint_id', '=', healthy.id).execute();
    expect(batches.length, 'six events in batches of two').toBe(3);

    // The claim's two statements, as one claim runs them (in a transaction rolled back: the lock is real).
    const read = await h.db
      .transaction()
      .execute(async (trx) => {
        const now = new Date();
        const explain = async (query: RawBuilder<unknown>) => {
          const { rows } = await sql<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>`EXPLAIN (ANALYZE, FORMAT JSON) ${query}`.execute(trx);
          return rows[0]!['QUERY PLAN'][0].Plan;
        };
        const { rows: heads } = await dueHeads(now, 1 + CLAIM_CANDIDATES).execute(trx);
        expect(heads.map((r) => r.id)).toEqual([batches[0]!.id]);
        const plans = [await explain(dueHeads(now, 1 + CLAIM_CANDIDATES)), await explain(lockDue([heads[0]!.id], now, 1))];
        throw new Rollback(plans);
      })
      .catch((error) => {
        if (!(error instanceof Rollback)) throw error;
        return error.plans;
      });
    const total = read.reduce((n, plan) => n + rowsRead(plan, 'deliveries'), 0);
    expect(total, `rows of sync.deliveries read to claim one message: ${JSON.stringify(read)}`).toBeLessThan(50);

    // One attempt per healthy batch is enough: no claim is spent on (or stuck behind) the backlog.
    const report = await deliverDue(h.db, systemClock, h.deps.sync, { concurrency: 1, maxAttempts: batches.length });
    expect(report).toEqual({ delivered: 3, retried: 0, dead: 0 });
    await expectAppliedOnce(h.db, healthy.platform);
    expectInOrder(healthy.platform);
    expect(down.platform.received, 'nothing behind the waiting head was sent').toEqual([]);
    const open = await h.db
      .selectFrom('sync.deliveries')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('endpoint_id', '=', down.id)
      .where('status', '=', 'pending')
      .executeTakeFirstOrThrow();
    expect(Number(open.n), 'the backlog and the new batches wait, in order, for the head').toBe(BACKLOG + 3);
  });
});
