import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let finance: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  finance = await h.tokens.sign('finance', { sub: 'finance:clerk' });
});
afterAll(async () => {
  await h.close();
});

const detail = async (id: string, token = finance) => (await h.request('GET', `/api/v1/arrears/contracts/${id}`, { token })).body;
const interest = async (id: string, asOf: string) =>
  (await h.request('GET', `/api/v1/arrears/contracts/${id}/interest?asOf=${asOf}`, { token: finance })).body;

describe('contracts', () => {
  it('refuses an agreed rate below the LPR at signing, naming both rates', async () => {
    const c = await newContract(h, finance);
    const res = await h.request('POST', '/api/v1/arrears/contracts', {
      token: finance,
      body: {
        debtorUscc: c.debtorUscc,
        contractorUscc: c.contractorUscc,
        projectName: 'x',
        amountFen: 100,
        signedOn: '2026-01-02',
        agreedAnnualRatePercent: '2.5',
      },
    });
    expect(res.status, show(res)).toBe(422);
    expect(res.body.detail).toContain('2.50%');
    expect(res.body.detail).toContain('3.00%');
    const before = await h.request('POST', '/api/v1/arrears/contracts', {
      token: finance,
      body: {
        debtorUscc: c.debtorUscc,
        contractorUscc: c.contractorUscc,
        projectName: 'x',
        amountFen: 100,
        signedOn: '2025-03-01',
        agreedAnnualRatePercent: '3.05',
      },
    });
    expect(before.status).toBe(422); // under 3.10% in force before 2025-05-20
    expect(before.body.lpr).toBe('3.10%');
  });

  it('gives organs a 30-day default term, at most 60 for an SME; SOEs 60', async () => {
    const organ = await newContract(h, finance);
    expect((await detail(organ.id)).paymentTermDays).toBe(30);
    const soe = await newContract(h, finance, {}, 'soe');
    expect((await detail(soe.id)).paymentTermDays).toBe(60);
    const res = await h.request('POST', '/api/v1/arrears/contracts', {
      token: finance,
      body: {
        debtorUscc: organ.debtorUscc,
        contractorUscc: organ.contractorUscc,
        projectName: 'y',
        amountFen: 100,
        signedOn: '2026-01-02',
        paymentTermDays: 61,
      },
    });
    expect(res.status).toBe(422);
  });

  it('refuses decimals of yuan', async () => {
    const c = await newContract(h, finance);
    const res = await h.request('POST', '/api/v1/arrears/contracts', {
      token: finance,
      body: { debtorUscc: c.debtorUscc, contractorUscc: c.contractorUscc, projectName: 'z', amountFen: '1000.50', signedOn: '2026-01-02' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('amountFen');
  });

  it('lets a contractor read its own contracts only', async () => {
    const mine = await newContract(h, finance);
    const theirs = await newContract(h, finance);
    const token = await h.tokens.sign('subject', { uscc: mine.contractorUscc });
    expect((await h.request('GET', `/api/v1/arrears/contracts/${mine.id}`, { token })).status).toBe(200);
    expect((await h.request('GET', `/api/v1/arrears/contracts/${theirs.id}`, { token })).status).toBe(403);
    expect((await h.request('POST', `/api/v1/arrears/contracts/${mine.id}/events`, { token, body: { type: 'nonsense' } })).status).toBe(
      403,
    );
    const list = await h.request('GET', '/api/v1/arrears/contracts?limit=200', { token });
    expect(list.body.items.map((c: { id: string }) => c.id)).toEqual([mine.id]);
  });
});

describe('due dates (domain §10, §2b)', () => {
  it('counts 30 days from delivery, moving a due date on a holiday to the next working day', async () => {
    const c = await newContract(h, finance);
    await event(h, finance, c.id, { type: 'delivery', on: '2026-01-05', amountFen: 100_000 });
    await event(h, finance, c.id, { type: 'delivery', on: '2026-01-16', amountFen: 200_000 });
    const d = await detail(c.id);
    expect(d.obligations.map((o: { dueOn: string }) => o.dueOn)).toEqual(['2026-02-04', '2026-02-24']);
    // Interest counts calendar days from the day after the (moved) due date.
    const i = await interest(c.id, '2026-02-26');
    expect(i.obligations.map((o: { totalFen: string }) => o.totalFen)).toEqual([
      String((100_000 * 22 * 5) / 10_000),
      String((200_000 * 2 * 5) / 10_000),
    ]);
  });

  it('starts the clock at inspection, or at the end of the agreed period when the buyer delays it', async () => {
    const c = await newContract(h, finance, { inspectionPeriodDays: 15 });
    await event(h, finance, c.id, { type: 'delivery', on: '2026-03-02', amountFen: 1000 });
    expect((await detail(c.id)).obligations[0]).toMatchObject({ inspectionDeadline: '2026-03-17', dueOn: '2026-04-16' });
    await event(h, finance, c.id, { type: 'inspection_passed', on: '2026-03-10' });
    expect((await detail(c.id)).obligations[0]).toMatchObject({
      inspectedOn: '2026-03-10',
      clockStartsOn: '2026-03-10',
      dueOn: '2026-04-09',
    });
    const late = await newContract(h, finance, { inspectionPeriodDays: 15 });
    await event(h, finance, late.id, { type: 'delivery', on: '2026-03-02', amountFen: 1000 });
    await event(h, finance, late.id, { type: 'inspection_passed', on: '2026-04-01' });
    expect((await detail(late.id)).obligations[0]).toMatchObject({ clockStartsOn: '2026-03-17', dueOn: '2026-04-16' });
  });

  it('holds a disputed part apart: the rest falls due on time, the part once resolved', async () => {
    const c = await newContract(h, finance, { agreedAnnualRatePercent: '3.65' });
    const { obligationId } = await event(h, finance, c.id, { type: 'settlement_confirmed', on: '2026-05-06', amountFen: 2_000_000 }); // due 06-05
    await event(h, finance, c.id, { type: 'dispute', on: '2026-05-20', amountFen: 500_000, obligationId });
    await event(h, finance, c.id, { type: 'dispute_resolved', on: '2026-06-25', amountFen: 500_000, obligationId });
    const i = await interest(c.id, '2026-07-05');
    expect(
      i.obligations[0].segments.map((s: { principalFen: string; from: string; days: number }) => [s.principalFen, s.from, s.days]),
    ).toEqual([
      ['1500000', '2026-06-06', 30],
      ['500000', '2026-06-26', 10],
    ]);
    expect(i.totalFen).toBe(String(((1_500_000 * 30 + 500_000 * 10) * 365) / 10_000 / 365)); // 3.65% / 365 = 0.01% a day
  });
});

describe('disputes and interest already accrued', () => {
  it('keeps interest accrued before a dispute, and refuses paying interest twice with a backdated posting', async () => {
    const c = await newContract(h, finance);
    const { obligationId } = await event(h, finance, c.id, { type: 'delivery', on: '2026-01-05', amountFen: 1_000_000 }); // due 02-04
    const accrued = await interest(c.id, '2026-03-06'); // 30 days × 500 fen
    expect(accrued.totalFen).toBe('15000');
    expect((await postTo(h, finance, c.id, { type: 'interest_payment', amountFen: 15_000, on: '2026-03-10' })).status).toBe(201);
    await event(h, finance, c.id, { type: 'dispute', on: '2026-03-07', amountFen: 1_000_000, obligationId });
    const after = await interest(c.id, '2026-04-30');
    expect(after).toMatchObject({ totalFen: '15500', interestPaidFen: '15000', interestOutstandingFen: '500' }); // 31 days to 03-07
    expect((await postTo(h, finance, c.id, { type: 'interest_payment', amountFen: 15_000, on: '2026-03-08' })).status).toBe(409);
  });
});

describe('postings', () => {
  it('requires an Idempotency-Key; the same key and body replay, another body is 409', async () => {
    const c = await newContract(h, finance);
    await event(h, finance, c.id, { type: 'delivery', on: '2026-06-01', amountFen: 500_000 });
    const missing = await h.request('POST', `/api/v1/arrears/contracts/${c.id}/postings`, {
      token: finance,
      body: { type: 'payment', amountFen: 1, on: '2026-07-01' },
    });
    expect(missing.status, show(missing)).toBe(400);
    const first = await postTo(h, finance, c.id, { type: 'payment', amountFen: 100_000, on: '2026-07-01' }, 'pay-1');
    expect(first.status, show(first)).toBe(201);
    const again = await postTo(h, finance, c.id, { type: 'payment', amountFen: 100_000, on: '2026-07-01' }, 'pay-1');
    expect(again.body).toEqual({ ...first.body, replayed: true });
    expect((await postTo(h, finance, c.id, { type: 'payment', amountFen: 100_001, on: '2026-07-01' }, 'pay-1')).status).toBe(409);
    expect((await detail(c.id)).outstandingFen).toBe('400000');
  });

  it('refuses paying more than is outstanding, and lets a payment be reversed once', async () => {
    const c = await newContract(h, finance);
    await event(h, finance, c.id, { type: 'delivery', on: '2026-06-01', amountFen: 300_000 });
    const over = await postTo(h, finance, c.id, { type: 'payment', amountFen: 300_001, on: '2026-07-01' });
    expect(over.status).toBe(409);
    const paid = await postTo(h, finance, c.id, { type: 'payment', amountFen: 300_000, on: '2026-07-01' });
    expect(paid.body.outstandingFen).toBe('0');
    const reversal = await postTo(h, finance, c.id, {
      type: 'reversal',
      reverses: paid.body.postings[0].id,
      on: '2026-07-02',
      reason: '银行退票',
    });
    expect(reversal.status, show(reversal)).toBe(201);
    expect(reversal.body.outstandingFen).toBe('300000');
    expect(
      (await postTo(h, finance, c.id, { type: 'reversal', reverses: paid.body.postings[0].id, on: '2026-07-02', reason: 'again' })).status,
    ).toBe(409);
  });

  it('needs a reason and an approver for an adjustment, and settles interest by interest payments', async () => {
    const c = await newContract(h, finance);
    const { obligationId } = await event(h, finance, c.id, { type: 'delivery', on: '2026-01-05', amountFen: 100_000 }); // due 02-04
    expect(
      (await postTo(h, finance, c.id, { type: 'adjustment', amountFen: 1000, on: '2026-03-01', direction: 'credit', obligationId })).status,
    ).toBe(400);
    const adj = await postTo(h, finance, c.id, {
      type: 'adjustment',
      amountFen: 10_000,
      on: '2026-02-01',
      direction: 'credit',
      obligationId,
      reason: '结算审减',
      approver: '张科长',
    });
    expect(adj.body.outstandingFen).toBe('90000');
    const i = await interest(c.id, '2026-02-14'); // 90,000 × 10 days × 0.05% (the 10,000 was never owed)
    expect(i.totalFen).toBe('450');
    expect((await postTo(h, finance, c.id, { type: 'interest_payment', amountFen: 451, on: '2026-02-14' })).status).toBe(409);
    expect((await postTo(h, finance, c.id, { type: 'interest_payment', amountFen: 450, on: '2026-02-14' })).status).toBe(201);
    expect((await interest(c.id, '2026-02-14')).interestOutstandingFen).toBe('0');
  });

  it('refuses UPDATE and DELETE of postings in the database', async () => {
    await expect(sql`UPDATE arrears.postings SET amount_fen = 1`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM arrears.postings`.execute(h.db)).rejects.toThrow(/append-only/);
  });
});
