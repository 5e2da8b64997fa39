import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/jobs/sweep.js';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * A seeded example, worked by hand:
 *   body A (organ): A1 delivery 2025-01-06 100,000 fen → due 2025-02-05;
 *                   A2 delivery 2025-09-01 50,000 → 10-01 is 国庆 → due 2025-10-09; delivery 2025-12-15 200,000 → due 2026-01-14
 *   body B (SOE, 60 days): B1 settlement 2025-06-02 300,000 → due 2025-08-01; paid 100,000 on 2025-09-01
 * On 2025-12-31: A has 2 contracts overdue for 150,000; B 1 for 200,000.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let finance: string;
let a1: Awaited<ReturnType<typeof newContract>>;
let a2: Awaited<ReturnType<typeof newContract>>;
let b1: Awaited<ReturnType<typeof newContract>>;
let a2Late: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  finance = await h.tokens.sign('finance', { sub: 'finance:reports' });
  a1 = await newContract(h, finance, { signedOn: '2025-01-02' });
  // A2 is a second contract of the same body.
  const a2res = await h.request('POST', '/api/v1/arrears/contracts', {
    token: finance,
    body: {
      debtorUscc: a1.debtorUscc,
      contractorUscc: a1.contractorUscc,
      projectName: '人防设备采购',
      amountFen: 10_000_000,
      signedOn: '2025-01-02',
    },
  });
  a2 = { ...a1, id: a2res.body.id };
  b1 = await newContract(h, finance, { signedOn: '2025-01-02' }, 'soe');
  await event(h, finance, a1.id, { type: 'delivery', on: '2025-01-06', amountFen: 100_000 });
  a2Late = (await event(h, finance, a2.id, { type: 'delivery', on: '2025-09-01', amountFen: 50_000 })).obligationId;
  await event(h, finance, a2.id, { type: 'delivery', on: '2025-12-15', amountFen: 200_000 });
  await event(h, finance, b1.id, { type: 'settlement_confirmed', on: '2025-06-02', amountFen: 300_000 });
  await postTo(h, finance, b1.id, { type: 'payment', amountFen: 100_000, on: '2025-09-01' });
  await postTo(h, finance, a1.id, { type: 'payment', amountFen: 40_000, on: '2026-02-10' });
  await postTo(h, finance, b1.id, { type: 'payment', amountFen: 200_000, on: '2026-03-01' });
});
afterAll(async () => {
  await h.close();
});

const bucket = (count: number, amountFen: string) => ({ count, amountFen });

describe('arrears reports', () => {
  it('ages arrears by body as of a date', async () => {
    const res = await h.request('GET', '/api/v1/arrears/reports/aging?asOf=2025-12-31', { token: finance });
    expect(res.status, show(res)).toBe(200);
    const a = res.body.items.find((i: { uscc: string }) => i.uscc === a1.debtorUscc);
    const b = res.body.items.find((i: { uscc: string }) => i.uscc === b1.debtorUscc);
    expect(a.buckets).toMatchObject({
      notYetDue: bucket(1, '200000'),
      d1to30: bucket(0, '0'),
      d31to90: bucket(1, '50000'),
      d91to180: bucket(0, '0'),
      d181to365: bucket(1, '100000'),
      over365: bucket(0, '0'),
    });
    expect(b.buckets).toMatchObject({ d91to180: bucket(1, '200000'), notYetDue: bucket(0, '0') });
    const later = await h.request('GET', '/api/v1/arrears/reports/aging?asOf=2026-03-31&by=department', { token: finance });
    const dept = later.body.items.find((i: { department: string }) => i.department === '沈阳市人民防空办公室');
    // On 2026-03-31: A1 60,000 (419 days), A2 50,000 (173 days), A2 200,000 (76 days); B1 paid off.
    expect(dept.buckets).toMatchObject({ over365: bucket(1, '60000'), d91to180: bucket(1, '50000'), d31to90: bucket(1, '200000') });
  });

  it('publishes the annual disclosure as JSON and CSV', async () => {
    const res = await h.request('GET', '/api/v1/arrears/reports/disclosure?year=2025', { token: finance });
    const mine = res.body.items.filter((i: { uscc: string }) => [a1.debtorUscc, b1.debtorUscc].includes(i.uscc));
    expect(mine).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uscc: a1.debtorUscc, overdueContracts: 2, overdueAmountFen: '150000' }),
        expect.objectContaining({ uscc: b1.debtorUscc, overdueContracts: 1, overdueAmountFen: '200000' }),
      ]),
    );
    const csv = await h.request('GET', '/api/v1/arrears/reports/disclosure?year=2025&format=csv', { token: finance });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('year,uscc,name,department,overdue_contracts,overdue_amount_fen');
    expect(csv.text).toContain(`2025,${a1.debtorUscc},沈阳市某区人防办,沈阳市人民防空办公室,2,150000`);
  });

  it('tracks clearing progress from a baseline', async () => {
    const res = await h.request('GET', '/api/v1/arrears/reports/progress?baseline=2025-12-31&asOf=2026-03-31', { token: finance });
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ uscc: a1.debtorUscc, atBaselineFen: '150000', paidSinceFen: '40000', remainingFen: '110000' }),
        expect.objectContaining({ uscc: b1.debtorUscc, atBaselineFen: '200000', paidSinceFen: '200000', remainingFen: '0' }),
      ]),
    );
  });

  it('opens a task for every overdue obligation in the sweep, closing it only when paid in full', async () => {
    const list = async (overdue = false) =>
      (await h.request('GET', `/api/v1/arrears/tasks${overdue ? '?overdue=true' : ''}`, { token: finance })).body.items;
    expect((await list()).map((t: { obligationId: string }) => t.obligationId)).not.toContain(a2Late); // reading opens nothing
    expect((await sweep(h.db, clock)).tasksOpened).toBeGreaterThanOrEqual(3);
    expect((await sweep(h.db, clock)).tasksOpened).toBe(0);
    const task = (await list()).find((t: { obligationId: string }) => t.obligationId === a2Late);
    expect(task).toMatchObject({ openedOn: '2025-10-10', needsMeasure: true, overdue: true });
    const set = await h.request('PATCH', `/api/v1/arrears/tasks/${task.id}`, {
      token: finance,
      body: { measure: '列入2026年预算', responsibleUnit: '区财政局', deadline: '2026-12-31' },
    });
    expect(set.status, show(set)).toBe(200);
    expect((await list(true)).map((t: { id: string }) => t.id)).not.toContain(task.id);
    const paid = await postTo(h, finance, a2.id, { type: 'payment', amountFen: 250_000, on: '2026-11-20' });
    expect((await list()).map((t: { id: string }) => t.id)).not.toContain(task.id);
    // The payment bounces: the obligation is unpaid again, and so is its task.
    await postTo(h, finance, a2.id, { type: 'reversal', reverses: paid.body.postings[0].id, on: '2026-11-20', reason: '退票' });
    expect((await list()).map((t: { id: string }) => t.id)).toContain(task.id);
  });

  it('tracks a complaint and turns a justified one into a credit record of the debtor', async () => {
    const contractor = await h.tokens.sign('subject', { uscc: a1.contractorUscc });
    const filed = await h.request('POST', '/api/v1/arrears/complaints', {
      token: contractor,
      body: { contractId: a1.id, content: '工程款逾期未付', receivedOn: '2026-09-25' },
    });
    expect(filed.status, show(filed)).toBe(201);
    // 9/25–9/27 holiday, 9/28 … 10/10 with 10/1–10/7 off and 10/10 worked: 10 working days end 2026-10-15.
    // The answer: 9/25 + 30 days = 10/25, a Sunday, so it ends on Monday 10/26 (第203条, issue 9 #4).
    expect(filed.body).toMatchObject({ transferDueOn: '2026-10-15', answerDueOn: '2026-10-26', overdue: true });
    const tooLong = await h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/extension`, {
      token: finance,
      body: { reason: '需审计', newDueOn: '2026-12-25' },
    });
    expect(tooLong.status).toBe(422);
    const extended = await h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/extension`, {
      token: finance,
      body: { reason: '需审计', newDueOn: '2026-12-20' },
    });
    expect(extended.body).toMatchObject({ answerDueOn: '2026-12-20', extensionReason: '需审计' });
    const overdue = (await h.request('GET', '/api/v1/arrears/complaints?overdue=true', { token: finance })).body.items;
    expect(overdue.map((c: { id: string }) => c.id)).toContain(filed.body.id); // not yet transferred
    await h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/transfer`, {
      token: finance,
      body: { to: '沈阳市人民防空办公室' },
    });
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    const answered = await h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/answer`, {
      token: regulator,
      body: { answer: '投诉属实，责令限期支付', justified: true, documentNo: '沈人防清〔2026〕3号' },
    });
    expect(answered.status, show(answered)).toBe(200);
    const record = await h.request('GET', `/api/v1/records/${answered.body.creditRecordId}`, { token: regulator });
    expect(record.body).toMatchObject({
      subjectUscc: a1.debtorUscc,
      category: 'refusing_payment_or_wages',
      department: DEPT_A,
      obligationsUnmet: true,
    });
    expect(record.body.facts).toContain(filed.body.id);
  });
});
