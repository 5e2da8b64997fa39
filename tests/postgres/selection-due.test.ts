import { CompiledQuery, type RawBuilder, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dueForSelection } from '../../src/features/announcements/selection.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { published } from '../helpers/market-announcements.js';

/**
 * A province's market: 5,000 announcements open for sign-up whose selection time is days away, and a
 * few whose time has come. The selection job (every few seconds) gets exactly the due ones, first due
 * first, and reads only those: the plan of its query says how many rows of market.announcements it
 * read, and the open-but-not-due backlog is not among them.
 */
const BACKLOG = 5000;
const HOUR = 3_600_000;
let h: Harness;
let owner: string;

beforeAll(async () => {
  h = await createHarness();
  owner = await h.tokens.sign('applicant', { sub: 'applicant:selection-due' });
});
afterAll(async () => {
  await h.close();
});

type PlanNode = {
  'Relation Name'?: string;
  'Actual Rows': number;
  'Actual Loops': number;
  'Rows Removed by Filter'?: number;
  'Rows Removed by Index Recheck'?: number;
  Plans?: PlanNode[];
};
/**
 * Rows of a table the plan read: those each scan returned and those it read and threw away (a scan
 * filtering the backlog out returns only the due rows, yet reads them all). Both are per loop.
 */
const rowsRead = (node: PlanNode, table: string): number =>
  (node['Relation Name'] === table
    ? (node['Actual Rows'] + (node['Rows Removed by Filter'] ?? 0) + (node['Rows Removed by Index Recheck'] ?? 0)) * node['Actual Loops']
    : 0) + (node.Plans ?? []).reduce((n, child) => n + rowsRead(child, table), 0);

describe('the selection job with thousands of announcements open', () => {
  it('takes exactly the due ones, first due first, without reading the open backlog', async () => {
    const now = h.clock.now();
    const template = await published(h, owner); // signing_up, its selection a week away
    expect(new Date(template.selectionAt).getTime()).toBeGreaterThan(now.getTime());

    /** Copies of the announcement, each with its own id and project code, and the fields `set` gives (s numbers the copy). */
    const copies = async (tag: string, count: number, set: RawBuilder<unknown>) => {
      await sql`
        INSERT INTO market.announcements
        SELECT c.* FROM market.announcements a
        CROSS JOIN generate_series(1, ${count}::int) AS s
        CROSS JOIN LATERAL jsonb_populate_record(
          a, jsonb_build_object('id', a.id || ${`-${tag}-`} || s, 'project_code', a.project_code || ${`-${tag}-`} || s) || ${set}
        ) AS c
        WHERE a.id = ${template.id}`.execute(h.db);
      return Array.from({ length: count }, (_, i) => `${template.id}-${tag}-${i + 1}`);
    };
    /** One copy whose selection time was `hoursAgo` hours ago (sign-up closed an hour before it). */
    const dueCopy = async (tag: string, hoursAgo: number, set: RawBuilder<unknown> = sql`'{}'::jsonb`) => {
      const at = new Date(now.getTime() - hoursAgo * HOUR);
      const times = sql`jsonb_build_object('signup_deadline', ${new Date(at.getTime() - HOUR)}::timestamptz, 'selection_at', ${at}::timestamptz)`;
      const [id] = await copies(tag, 1, sql`${times} || ${set}`);
      return id!;
    };

    // The backlog: open for sign-up, selections spread over the following days.
    await copies('open', BACKLOG, sql`jsonb_build_object('selection_at', a.selection_at + s * interval '1 minute')`);
    // Due, inserted out of order: one whose time is exactly now, one waiting in `selecting` for its
    // randomness (its pool fixed), and the longest overdue.
    const dueNow = await dueCopy('due-now', 0);
    const waiting = await dueCopy(
      'due-waiting',
      2,
      sql`jsonb_build_object('state', 'selecting', 'fixed_pool', '[]'::jsonb, 'pool_hash', 'sha256:pool', 'pool_fixed_at', ${now}::timestamptz)`,
    );
    const overdue = await dueCopy('due-overdue', 3);
    // Past their selection time too, but not the job's: a direct selection waits for its owner, a
    // selected one is done.
    await dueCopy('direct', 5, sql`jsonb_build_object('mode', 'direct', 'direct_uscc', '91210102MA0DIRECT1')`);
    await dueCopy('selected', 6, sql`jsonb_build_object('state', 'selected')`);
    await sql`ANALYZE market.announcements`.execute(h.db);

    const due = await dueForSelection(h.db, now, 100).execute();
    expect(due.map((r) => r.id)).toEqual([overdue, waiting, dueNow]);

    // The job's query exactly as it runs, under EXPLAIN ANALYZE.
    const query = dueForSelection(h.db, now, 100).compile();
    const { rows } = await h.db.executeQuery<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      CompiledQuery.raw(`EXPLAIN (ANALYZE, FORMAT JSON) ${query.sql}`, [...query.parameters]),
    );
    const plan = rows[0]!['QUERY PLAN'][0].Plan;
    expect(rowsRead(plan, 'announcements'), `rows of market.announcements read by one run: ${JSON.stringify(plan)}`).toBeLessThan(50);
  });
});
