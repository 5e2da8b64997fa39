import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/features/arrears/index.js';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Issue 9 #23 (one contract must not break the reports for everyone) and #19 (CSV that Excel opens in Chinese). */
let h: Harness;
let finance: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:bounds' });
});
afterAll(async () => {
  await h.close();
});

const HUGE = '999999999999999999';

describe('amounts a contract can be', () => {
  it('refuses more than 10^15 fen at input, and adjustments that would make a contract owe more', async () => {
    const c = await newContract(h, finance);
    const create = (amountFen: string) =>
      h.request('POST', '/api/v1/arrears/contracts', {
        token: finance,
        body: {
          debtorUscc: c.debtorUscc,
          contractorUscc: c.contractorUscc,
          projectName: `大额 ${amountFen}`,
          amountFen,
          signedOn: '2026-01-02',
        },
      });
    const over = await create('1000000000000001');
    expect(over.status, show(over)).toBe(400);
    expect(over.body.errors[0].message).toContain('at most 1000000000000000 fen');
    expect((await create(HUGE)).status).toBe(400);
    const atBound = await create('1000000000000000');
    expect(atBound.status, show(atBound)).toBe(201);
    const delivery = await event(h, finance, atBound.body.id, { type: 'delivery', on: '2026-03-02', amountFen: '1000000000000000' });
    const up = await postTo(h, finance, atBound.body.id, {
      type: 'adjustment',
      direction: 'debit',
      amountFen: 1,
      on: '2026-06-01',
      obligationId: delivery.obligationId,
      reason: '增项',
      approver: '张科长',
    });
    expect(up.status, show(up)).toBe(422);
    expect(up.body.detail).toContain('1000000000000000');
  });

  it('keeps the reports answering when a contract stored before the bound is outsized, and ledger:verify names it', async () => {
    const normal = await newContract(h, finance, { signedOn: '2025-01-02' });
    await event(h, finance, normal.id, { type: 'delivery', on: '2025-03-03', amountFen: 50_000 });
    const huge = await newContract(h, finance, { signedOn: '2025-01-02' });
    // Delivery 2025-03-03 + 30 days → Wednesday 2025-04-02, overdue since.
    const delivery = await event(h, finance, huge.id, { type: 'delivery', on: '2025-03-03', amountFen: 100_000 });
    // What an unbounded API let in before: a contract of 999999999999999999 fen and ten adjustments as large.
    await h.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE arrears.contracts DROP CONSTRAINT IF EXISTS contracts_amount_bound`.execute(trx);
      await sql`ALTER TABLE arrears.postings DROP CONSTRAINT IF EXISTS postings_amount_bound`.execute(trx);
      await sql`UPDATE arrears.contracts SET amount_fen = ${HUGE} WHERE id = ${huge.id}`.execute(trx);
      for (let i = 0; i < 10; i += 1) {
        await sql`INSERT INTO arrears.postings (id, request_id, contract_id, obligation_id, account, type, direction, amount_fen, on_date, reason, approver, created_by, created_at)
                  VALUES (${`pst_OLD${String(i).padStart(23, '0')}`}, ${`prq_OLD${i}`}, ${huge.id}, ${delivery.obligationId}, 'principal', 'adjustment', 'debit',
                          ${HUGE}, '2025-04-01', '历史调整', '某科长', 'finance:old', now())`.execute(trx);
      }
      await sql`ALTER TABLE arrears.contracts ADD CONSTRAINT contracts_amount_bound CHECK (amount_fen <= 1000000000000000) NOT VALID`.execute(
        trx,
      );
      await sql`ALTER TABLE arrears.postings ADD CONSTRAINT postings_amount_bound CHECK (amount_fen <= 1000000000000000) NOT VALID`.execute(
        trx,
      );
    });
    // 100,000 + 10 × 999,999,999,999,999,999 fen: more than a bigint holds, summed exactly in numeric.
    const total = (100_000n + 10n * BigInt(HUGE)).toString();
    expect(total).toBe('10000000000000099990');

    const aging = await h.request('GET', '/api/v1/arrears/reports/aging?asOf=2026-11-20', { token: finance });
    expect(aging.status, show(aging)).toBe(200);
    const byUscc = new Map(aging.body.items.map((i: { uscc: string; buckets: unknown }) => [i.uscc, i.buckets]));
    expect(byUscc.get(huge.debtorUscc)).toMatchObject({ over365: { count: 1, amountFen: total } });
    expect(byUscc.get(normal.debtorUscc)).toMatchObject({ over365: { count: 1, amountFen: '50000' } });
    const byDepartment = await h.request('GET', '/api/v1/arrears/reports/aging?asOf=2026-11-20&by=department', { token: finance });
    expect(byDepartment.status, show(byDepartment)).toBe(200);

    const disclosure = await h.request('GET', '/api/v1/arrears/reports/disclosure?year=2025', { token: finance });
    expect(disclosure.status, show(disclosure)).toBe(200);
    expect(disclosure.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uscc: huge.debtorUscc, overdueContracts: 1, overdueAmountFen: total }),
        expect.objectContaining({ uscc: normal.debtorUscc, overdueContracts: 1, overdueAmountFen: '50000' }),
      ]),
    );
    const progress = await h.request('GET', '/api/v1/arrears/reports/progress?baseline=2025-12-31&asOf=2026-11-20', { token: finance });
    expect(progress.status, show(progress)).toBe(200);

    const verified = await verifyLedger(h.db, '2026-11-20');
    const problems = verified.problems.join('\n');
    expect(problems).toContain(`beyond 1000000000000000 fen, the most one contract can be: ${huge.id}`);
    expect(problems).toContain(`contract owing more than 1000000000000000 fen after adjustments: ${huge.id}`);
    expect(problems).not.toContain('report that cannot be computed');
  });
});

describe('the disclosure CSV', () => {
  it('starts with a UTF-8 byte order mark, so Excel shows the Chinese names', async () => {
    const c = await newContract(h, finance, { signedOn: '2025-01-02' });
    await event(h, finance, c.id, { type: 'delivery', on: '2025-03-03', amountFen: 70_000 });
    // Read the bytes: Response.text() would drop the BOM.
    const res = await h.app.request('/api/v1/arrears/reports/disclosure?year=2025&format=csv', {
      headers: { Authorization: `Bearer ${finance}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\uFEFFyear,uscc,name,department,overdue_contracts,overdue_amount_fen\r\n')).toBe(true);
    expect(text).toContain(`2025,${c.debtorUscc},沈阳市某区人防办,沈阳市人民防空办公室,1,70000\r\n`);
  });
});
