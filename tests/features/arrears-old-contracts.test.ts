import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Issue 9 #11: the 1-year LPR history from 2019-08-20 is reference data, and contracts signed before
 * the 条例 (2020-09-01) are recorded under their own terms; every contract says which rule applied.
 */
let h: Harness;
let finance: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:old-contracts' });
});
afterAll(async () => {
  await h.close();
});

async function contract(parties: { debtorUscc: string; contractorUscc: string }, fields: Record<string, unknown>) {
  return h.request('POST', '/api/v1/arrears/contracts', {
    token: finance,
    body: {
      debtorUscc: parties.debtorUscc,
      contractorUscc: parties.contractorUscc,
      projectName: `旧欠 ${Math.random()}`,
      amountFen: '100000000',
      ...fields,
    },
  });
}

describe('the LPR history and the rule each contract is under', () => {
  it('checks a contract signed 2024-09-01 against the LPR then in force (3.35% from 2024-07-22)', async () => {
    const parties = await newContract(h, finance);
    const below = await contract(parties, { signedOn: '2024-09-01', agreedAnnualRatePercent: '3.30' });
    expect(below.status, show(below)).toBe(422);
    expect(below.body.lpr).toBe('3.35%');
    const ok = await contract(parties, { signedOn: '2024-09-01' });
    expect(ok.status, show(ok)).toBe(201);
    expect(ok.body).toMatchObject({
      lprAtSigning: '3.35%',
      paymentRule: { code: 'regulation_2020' },
      lateInterest: '0.05% per day (none agreed)',
    });
    expect(ok.body.paymentRule.basis).toContain('国务院令第728号');
  });

  it('names the 2025 revision for a contract signed from 2025-06-01, and the LPR of 2020-04-20 for one signed 2020-09-01', async () => {
    const parties = await newContract(h, finance);
    expect((await contract(parties, { signedOn: '2025-06-01' })).body).toMatchObject({
      lprAtSigning: '3.00%',
      paymentRule: { code: 'regulation_2025' },
    });
    expect((await contract(parties, { signedOn: '2020-09-01' })).body).toMatchObject({
      lprAtSigning: '3.85%',
      paymentRule: { code: 'regulation_2020' },
    });
  });

  it('records a contract signed before 2020-09-01 under its own terms: its term, no LPR floor, no default rate', async () => {
    const parties = await newContract(h, finance);
    // The 条例 gives it no default term: the contract's own is required.
    const noTerm = await contract(parties, { signedOn: '2019-03-01' });
    expect(noTerm.status, show(noTerm)).toBe(400);
    expect(noTerm.body.detail).toContain('paymentTermDays');

    // 2017 (before any LPR), 90 days (more than the 条例's 60 for an SME), no agreed rate: no interest at all.
    const old = await contract(parties, { signedOn: '2017-06-01', paymentTermDays: 90 });
    expect(old.status, show(old)).toBe(201);
    expect(old.body).toMatchObject({ lprAtSigning: null, agreedAnnualRate: null, paymentRule: { code: 'contract_terms' } });
    expect(old.body.lateInterest).toContain('none agreed');
    await event(h, finance, old.body.id, { type: 'delivery', on: '2017-07-03', amountFen: 1_000_000 });
    // 7/3 + 90 days = 7/31 (+28), 8/31 (+59), 9/30 (+89), 10/1 (+90): 国庆 and 中秋 2017 (10/1–10/8 off) → Monday 10/9.
    const oldDetail = (await h.request('GET', `/api/v1/arrears/contracts/${old.body.id}`, { token: finance })).body;
    expect(oldDetail.obligations[0].dueOn).toBe('2017-10-09');
    const none = (await h.request('GET', `/api/v1/arrears/contracts/${old.body.id}/interest?asOf=2019-01-01`, { token: finance })).body;
    expect(none).toMatchObject({ rate: 'none', totalFen: '0' });

    // 2019, an agreed 2% (below every LPR): accepted, and interest runs at it.
    const agreed = await contract(parties, { signedOn: '2019-03-01', paymentTermDays: 90, agreedAnnualRatePercent: '2' });
    expect(agreed.status, show(agreed)).toBe(201);
    expect(agreed.body).toMatchObject({ lprAtSigning: null, agreedAnnualRate: '2.0000%', paymentRule: { code: 'contract_terms' } });
    await event(h, finance, agreed.body.id, { type: 'delivery', on: '2019-03-10', amountFen: 1_000_000 });
    const detail = (await h.request('GET', `/api/v1/arrears/contracts/${agreed.body.id}`, { token: finance })).body;
    // 3/10 + 90 days = 3/31 (+21), 4/30 (+51), 5/31 (+82), 6/8 (+90): a Saturday in 端午 (6/7–6/9 off, 2019's
    // official table) → Monday 2019-06-10.
    expect(detail.obligations[0].dueOn).toBe('2019-06-10');
    const interest = (await h.request('GET', `/api/v1/arrears/contracts/${agreed.body.id}/interest?asOf=2019-07-10`, { token: finance }))
      .body;
    // 6/11 … 7/10 = 30 days × 1,000,000 fen × 2% / 365 = 1643.84 → 1644 fen.
    expect(interest.obligations[0].segments).toEqual([
      {
        principalFen: '1000000',
        from: '2019-06-11',
        to: '2019-07-10',
        days: 30,
        rate: '2.0000% / 365 per day',
        interestFen: expect.any(String),
      },
    ]);
    expect(interest.totalFen).toBe('1644');
  });
});
