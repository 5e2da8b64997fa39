import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The two verbs the arrears dashboard pages call, through the API: one contract's entries (postings in
 * ledger order, events) and the whole ledger's totals. The harness's clock stands on 2026-11-20.
 *   late:     organ, delivery 2026-02-02 1,000,000 fen; paid 300,000 on 04-01; 100,000 on 05-01 reversed on 05-10
 *             (退票); 1,000 fen of late interest paid on 06-01
 *   disputed: SOE, settlement 2026-03-02 500,000 fen; 200,000 disputed on 04-01; paid 100,000 on 06-01
 *   fresh:    organ, delivery 2026-11-02 300,000 fen, not yet due
 */
const TODAY = '2026-11-20';
let h: Harness;
let finance: string;
let late: Awaited<ReturnType<typeof newContract>>;
let disputed: Awaited<ReturnType<typeof newContract>>;
let fresh: Awaited<ReturnType<typeof newContract>>;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness();
  finance = await h.tokens.sign('finance', { sub: 'finance:entries-totals' });
  late = await newContract(h, finance);
  disputed = await newContract(h, finance, {}, 'soe');
  fresh = await newContract(h, finance);

  await event(h, finance, late.id, { type: 'delivery', on: '2026-02-02', amountFen: 1_000_000 });
  const paid = await postTo(h, finance, late.id, { type: 'payment', amountFen: 300_000, on: '2026-04-01' });
  const bounced = await postTo(h, finance, late.id, { type: 'payment', amountFen: 100_000, on: '2026-05-01' });
  const reversal = await postTo(h, finance, late.id, {
    type: 'reversal',
    reverses: bounced.body.postings[0].id,
    on: '2026-05-10',
    reason: '银行退票',
  });
  const interestPaid = await postTo(h, finance, late.id, { type: 'interest_payment', amountFen: 1_000, on: '2026-06-01' });
  for (const res of [paid, bounced, reversal, interestPaid]) expect(res.status, show(res)).toBe(201);
  ids.paid = paid.body.postings[0].id;
  ids.bounced = bounced.body.postings[0].id;
  ids.reversal = reversal.body.postings[0].id;
  ids.interestPaid = interestPaid.body.postings[0].id;

  const { obligationId } = await event(h, finance, disputed.id, { type: 'settlement_confirmed', on: '2026-03-02', amountFen: 500_000 });
  await event(h, finance, disputed.id, { type: 'dispute', on: '2026-04-01', amountFen: 200_000, obligationId });
  expect((await postTo(h, finance, disputed.id, { type: 'payment', amountFen: 100_000, on: '2026-06-01' })).status).toBe(201);

  await event(h, finance, fresh.id, { type: 'delivery', on: '2026-11-02', amountFen: 300_000 });
});
afterAll(async () => {
  await h.close();
});

type Obligation = { owedFen: string; paidFen: string; outstandingFen: string; disputedFen: string; overdue: boolean };

/** Every contract in the ledger, page by page, through the list endpoint. */
async function allContractIds(token: string) {
  const found: string[] = [];
  let cursor: string | null = null;
  do {
    const path: string = `/api/v1/arrears/contracts?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
    const res = await h.request<{ items: { id: string }[]; nextCursor: string | null }>('GET', path, { token });
    expect(res.status, show(res)).toBe(200);
    found.push(...res.body.items.map((c) => c.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return found;
}

describe('GET /api/v1/arrears/reports/totals', () => {
  it('equals the sum of every contract’s own figures from the contract and interest endpoints', async () => {
    const contractIds = await allContractIds(finance);
    expect(contractIds).toEqual(expect.arrayContaining([late.id, disputed.id, fresh.id]));

    const sum = { owed: 0n, paid: 0n, outstanding: 0n, overdue: 0n, disputed: 0n, interest: 0n, interestPaid: 0n, interestOutstanding: 0n };
    let overdueObligations = 0;
    let overdueContracts = 0;
    for (const id of contractIds) {
      const detail = await h.request('GET', `/api/v1/arrears/contracts/${id}`, { token: finance });
      const interest = await h.request('GET', `/api/v1/arrears/contracts/${id}/interest?asOf=${TODAY}`, { token: finance });
      expect(detail.status, show(detail)).toBe(200);
      expect(interest.status, show(interest)).toBe(200);
      let anyOverdue = false;
      for (const o of detail.body.obligations as Obligation[]) {
        const outstanding = BigInt(o.outstandingFen);
        const held = BigInt(o.disputedFen) < outstanding ? BigInt(o.disputedFen) : outstanding;
        sum.owed += BigInt(o.owedFen);
        sum.paid += BigInt(o.paidFen);
        sum.outstanding += outstanding;
        if (held > 0n) sum.disputed += held;
        if (o.overdue) {
          sum.overdue += outstanding - BigInt(o.disputedFen);
          overdueObligations += 1;
          anyOverdue = true;
        }
      }
      if (anyOverdue) overdueContracts += 1;
      sum.interest += BigInt(interest.body.totalFen);
      sum.interestPaid += BigInt(interest.body.interestPaidFen);
      sum.interestOutstanding += BigInt(interest.body.interestOutstandingFen);
    }

    const res = await h.request('GET', `/api/v1/arrears/reports/totals?asOf=${TODAY}`, { token: finance });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({
      asOf: TODAY,
      contracts: contractIds.length,
      overdueContracts,
      overdueObligations,
      owedFen: String(sum.owed),
      paidFen: String(sum.paid),
      outstandingFen: String(sum.outstanding),
      overdueFen: String(sum.overdue),
      disputedFen: String(sum.disputed),
      interestFen: String(sum.interest),
      interestPaidFen: String(sum.interestPaid),
      interestOutstandingFen: String(sum.interestOutstanding),
    });
    // And the figures are the worked example's, not a sum of nothing: the bounced payment counts for nothing,
    // the disputed 200,000 is held apart, the fresh delivery is not yet due.
    expect(res.body).toMatchObject({
      contracts: 3,
      overdueContracts: 2,
      owedFen: '1800000',
      paidFen: '400000',
      outstandingFen: '1400000',
      overdueFen: '900000',
      disputedFen: '200000',
      interestPaidFen: '1000',
    });
    expect(BigInt(res.body.interestFen)).toBeGreaterThan(1000n);

    // Without `on`, today's totals.
    const todays = await h.request('GET', '/api/v1/arrears/reports/totals', { token: finance });
    expect(todays.body).toEqual(res.body);
  });

  it('takes the totals on an earlier date: later contracts, obligations and payments do not count', async () => {
    const res = await h.request('GET', '/api/v1/arrears/reports/totals?asOf=2026-04-15', { token: finance });
    expect(res.status, show(res)).toBe(200);
    // 2026-04-15: late owes 1,000,000 and has paid 300,000; disputed owes 500,000 (200,000 disputed, not yet due);
    // fresh is signed but owes nothing yet.
    expect(res.body).toMatchObject({
      asOf: '2026-04-15',
      contracts: 3,
      owedFen: '1500000',
      paidFen: '300000',
      outstandingFen: '1200000',
      disputedFen: '200000',
      overdueFen: '700000',
      overdueContracts: 1,
      overdueObligations: 1,
      interestPaidFen: '0',
    });
  });

  it('is for supervisors only: an applicant and a contractor get 403', async () => {
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:entries-totals' });
    const contractor = await h.tokens.sign('subject', { uscc: late.contractorUscc });
    for (const token of [applicant, contractor]) {
      const res = await h.request('GET', `/api/v1/arrears/reports/totals?asOf=${TODAY}`, { token });
      expect(res.status, show(res)).toBe(403);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    for (const role of ['regulator', 'reviewer', 'admin'] as const) {
      const token = await h.tokens.sign(role, { dept: '11210100QY80000166' });
      expect((await h.request('GET', `/api/v1/arrears/reports/totals?asOf=${TODAY}`, { token })).status, role).toBe(200);
    }
    expect((await h.request('GET', '/api/v1/arrears/reports/totals')).status).toBe(401);
  });

  it('answers a date that is not one with 400 problem+json naming `asOf`', async () => {
    for (const on of ['2026-02-30', '20261120', 'today']) {
      const res = await h.request('GET', `/api/v1/arrears/reports/totals?asOf=${on}`, { token: finance });
      expect(res.status, show(res)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.text).toContain('asOf');
    }
  });
});

describe('GET /api/v1/arrears/contracts/{id}/entries', () => {
  it('lists the postings in ledger order, the bounced payment marked by its reversal, and the events', async () => {
    const res = await h.request('GET', `/api/v1/arrears/contracts/${late.id}/entries`, { token: finance });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.contractId).toBe(late.id);
    const postings = res.body.postings as { id: string; seq: number; type: string; amountFen: string; obligationId: string | null }[];
    expect(postings.map((p) => [p.type, p.amountFen])).toEqual([
      ['obligation', '1000000'],
      ['payment', '300000'],
      ['payment', '100000'],
      ['reversal', '100000'],
      ['interest_payment', '1000'],
    ]);
    const seqs = postings.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(postings.map((p) => p.id).slice(1)).toEqual([ids.paid, ids.bounced, ids.reversal, ids.interestPaid]);
    expect(postings[0]).toMatchObject({ on: '2026-02-02', account: 'principal', direction: 'debit', reversedBy: null });
    expect(postings[1]).toMatchObject({ on: '2026-04-01', direction: 'credit', reversedBy: null, reverses: null });
    expect(postings[2]).toMatchObject({ on: '2026-05-01', reversedBy: ids.reversal });
    expect(postings[3]).toMatchObject({ on: '2026-05-10', reverses: ids.bounced, reason: '银行退票', direction: 'debit' });
    expect(postings[4]).toMatchObject({ account: 'interest', obligationId: null });
    expect(res.body.events).toEqual([
      expect.objectContaining({ type: 'delivery', on: '2026-02-02', amountFen: '1000000', obligationId: postings[0]!.obligationId }),
    ]);
  });

  it('lists a dispute among the events', async () => {
    const res = await h.request('GET', `/api/v1/arrears/contracts/${disputed.id}/entries`, { token: finance });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.events.map((e: { type: string; amountFen: string }) => [e.type, e.amountFen])).toEqual([
      ['settlement_confirmed', '500000'],
      ['dispute', '200000'],
    ]);
  });

  it('lets a contractor read its own contract’s entries only', async () => {
    const own = await h.tokens.sign('subject', { uscc: late.contractorUscc });
    expect((await h.request('GET', `/api/v1/arrears/contracts/${late.id}/entries`, { token: own })).status).toBe(200);
    const theirs = await h.request('GET', `/api/v1/arrears/contracts/${disputed.id}/entries`, { token: own });
    expect(theirs.status, show(theirs)).toBe(403);
    expect(theirs.text).not.toContain('500000');
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:entries-totals' });
    expect((await h.request('GET', `/api/v1/arrears/contracts/${late.id}/entries`, { token: applicant })).status).toBe(403);
  });

  it('answers 404 for a contract that does not exist, as the contract endpoint does', async () => {
    for (const id of ['con_00000000000000000000000000', 'not-an-id']) {
      const entries = await h.request('GET', `/api/v1/arrears/contracts/${id}/entries`, { token: finance });
      expect(entries.status, show(entries)).toBe(404);
      expect((await h.request('GET', `/api/v1/arrears/contracts/${id}`, { token: finance })).status).toBe(404);
    }
  });
});
