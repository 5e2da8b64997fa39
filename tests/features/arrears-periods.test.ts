import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** 第203条 everywhere in the ledger (issue 9 #4): a period in 日 ending on a rest day ends on the next working day. */
let h: Harness;
let finance: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:periods' });
});
afterAll(async () => {
  await h.close();
});

describe('periods in 日 in the arrears ledger', () => {
  it('ends an inspection period that runs into the Spring Festival on the next working day', async () => {
    const c = await newContract(h, finance, { inspectionPeriodDays: 40 });
    await event(h, finance, c.id, { type: 'delivery', on: '2026-01-06', amountFen: 100_000 });
    const detail = (await h.request('GET', `/api/v1/arrears/contracts/${c.id}`, { token: finance })).body;
    // 1/6 + 40 days: 1/6 + 25 = 1/31, + 15 = 2/15, in the Spring Festival (2/15–2/23 off) → Tuesday 2026-02-24.
    // Never inspected, so the clock starts then: 2/24 + 30 days = 2/28 (+4), 3/26 (+26), a Thursday.
    expect(detail.obligations[0]).toMatchObject({
      inspectionDeadline: '2026-02-24',
      clockStartsOn: '2026-02-24',
      dueOn: '2026-03-26',
      deadlinesProvisional: false,
    });
    // Interest starts the day after the due date, not 9 days early: nothing accrues through 3/26.
    const interest = (await h.request('GET', `/api/v1/arrears/contracts/${c.id}/interest?asOf=2026-03-26`, { token: finance })).body;
    expect(interest.totalFen).toBe('0');
  });

  it('ends a complaint answer period and its 90-day cap on working days', async () => {
    const c = await newContract(h, finance);
    const filed = await h.request('POST', '/api/v1/arrears/complaints', {
      token: finance,
      body: { contractId: c.id, content: '逾期未付', receivedOn: '2026-07-03' },
    });
    expect(filed.status, show(filed)).toBe(201);
    // 7/3 + 30 days = Sunday 8/2 → Monday 2026-08-03.
    expect(filed.body.answerDueOn).toBe('2026-08-03');
    // The cap: 7/3 + 90 days = 7/31 (+28), 8/31 (+59), 9/30 (+89), 10/1 (+90), in 国庆 (10/1–10/7) → Thursday 10/8.
    const extend = (newDueOn: string) =>
      h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/extension`, { token: finance, body: { reason: '需核实', newDueOn } });
    const past = await extend('2026-10-09');
    expect(past.status, show(past)).toBe(422);
    expect(past.body.detail).toContain('2026-10-08');
    const atCap = await extend('2026-10-08');
    expect(atCap.status, show(atCap)).toBe(200);
    expect(atCap.body.answerDueOn).toBe('2026-10-08');
  });
});
