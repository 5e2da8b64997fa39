import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TASKS_PER_BATCH } from '../../src/features/arrears/reports.js';
import { sweep } from '../../src/jobs/sweep.js';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness } from '../helpers/harness.js';

/**
 * The first sweep after a ledger is imported finds every overdue obligation at once: more than one
 * statement can carry (PostgreSQL takes at most 65,535 parameters). Each gets its task, in batches,
 * each batch with its audit row.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;

beforeAll(async () => {
  h = await createHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

describe('opening rectification tasks', () => {
  it('opens one for every overdue obligation however many there are, a batch at a time', async () => {
    const finance = await h.tokens.sign('finance', { sub: 'finance:import' });
    const contract = await newContract(h, finance, { signedOn: '2025-01-02' });
    await event(h, finance, contract.id, { type: 'delivery', on: '2025-01-06', amountFen: 100_000 });
    const [original] = await h.db.selectFrom('arrears.obligations').select('id').where('contract_id', '=', contract.id).execute();
    // As an import would leave them: copies of the overdue obligation, each with its own debit; more
    // than one statement of ten parameters a task can open.
    const copies = 7 * TASKS_PER_BATCH + 50;
    await sql`
      INSERT INTO arrears.obligations (id, contract_id, basis, arose_on, inspection_deadline, inspected_on, start_on, due_on, created_at)
      SELECT o.id || '_' || n, o.contract_id, o.basis, o.arose_on, o.inspection_deadline, o.inspected_on, o.start_on, o.due_on, o.created_at
      FROM arrears.obligations o CROSS JOIN generate_series(1, ${copies}) AS n WHERE o.id = ${original!.id}`.execute(h.db);
    await sql`
      INSERT INTO arrears.postings (id, request_id, contract_id, obligation_id, account, type, direction, amount_fen, on_date, created_by, created_at)
      SELECT p.id || '_' || n, p.request_id, p.contract_id, p.obligation_id || '_' || n, p.account, p.type, p.direction, p.amount_fen,
             p.on_date, p.created_by, p.created_at
      FROM arrears.postings p CROSS JOIN generate_series(1, ${copies}) AS n
      WHERE p.obligation_id = ${original!.id} AND p.type = 'obligation'`.execute(h.db);

    const first = await sweep(h.db, clock);
    expect(first.tasksOpened).toBe(copies + 1);
    const tasks = await h.db
      .selectFrom('arrears.tasks')
      .select(sql<string>`count(DISTINCT obligation_id)`.as('n'))
      .where('contract_id', '=', contract.id)
      .executeTakeFirstOrThrow();
    expect(Number(tasks.n)).toBe(copies + 1);
    const audits = await h.db
      .selectFrom('audit.entries')
      .select(sql<string>`count(*)`.as('n'))
      .where('action', '=', 'arrears.tasks.open')
      .executeTakeFirstOrThrow();
    expect(Number(audits.n), 'one audit row per batch').toBe(Math.ceil((copies + 1) / TASKS_PER_BATCH));
    expect((await sweep(h.db, clock)).tasksOpened, 'nothing opened twice').toBe(0);
  });
});
