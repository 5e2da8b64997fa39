import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, dateInShanghai } from '../../src/core/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show, type TestResponse } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { published, signUp } from '../helpers/market-announcements.js';

/**
 * 20 sign-ups and 20 sealed bids fired across a real deadline (half a second ahead, on a clock that runs
 * in real time), with the closing selection racing them: none stored after the deadline is accepted,
 * every accepted one is stored, and every accepted sign-up is in the pool the selection judged.
 */
let offset = 0;
const clock: Clock = {
  now: () => new Date(Date.now() + offset),
  today: () => dateInShanghai(new Date(Date.now() + offset)),
};
const at = (iso: string) => {
  offset = Date.parse(iso) - Date.now();
};

const DEADLINE = '2026-11-20T06:00:00.000Z';
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  at('2026-11-20T04:00:00Z');
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:race' });
});
afterAll(async () => {
  await h.close();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sign-ups and bids at the deadline', () => {
  it('accepts only what came before it, stores all it accepted, and draws from exactly those', async () => {
    const timing = { signupDeadline: DEADLINE, selectionAt: DEADLINE, fiscal: false };
    const signups = await published(h, owner, timing);
    const bids = await published(h, owner, { ...timing, mode: 'bid_lowest' });
    const joiners = await Promise.all(Array.from({ length: 20 }, () => admittedAgency(h, { regulator, admin })));
    const bidders = await Promise.all(Array.from({ length: 20 }, () => admittedAgency(h, { regulator, admin })));
    for (const bidder of bidders) await signUp(h, bids.id, bidder.token);

    at(new Date(Date.parse(DEADLINE) - 500).toISOString());
    const staggered = <T>(i: number, act: () => Promise<T>) => sleep(i * 50).then(act);
    const [joined, bid, closing] = await Promise.all([
      Promise.all(
        joiners.map((j, i) =>
          staggered(i, () => h.request('POST', `/api/v1/market/announcements/${signups.id}/signups`, { token: j.token, body: {} })),
        ),
      ),
      Promise.all(
        bidders.map((b, i) =>
          staggered(i, () =>
            h.request('POST', `/api/v1/market/announcements/${bids.id}/bids`, { token: b.token, body: { amountFen: String(200_000 + i) } }),
          ),
        ),
      ),
      staggered(11, () => h.request('POST', `/api/v1/market/announcements/${signups.id}/selection`, { token: owner })),
    ]);

    const check = (responses: TestResponse[], okStatus: number) => {
      for (const r of responses) expect([okStatus, 409], show(r)).toContain(r.status);
      const accepted = responses.flatMap((r, i) => (r.status === okStatus ? [i] : []));
      expect(accepted.length, 'some came before the deadline').toBeGreaterThan(0);
      expect(accepted.length, 'some came after it').toBeLessThan(responses.length);
      return accepted;
    };

    const acceptedJoins = check(joined, 201);
    const storedJoins = await h.db
      .selectFrom('market.signups')
      .select(['subject_id', 'signed_at'])
      .where('announcement_id', '=', signups.id)
      .execute();
    expect(storedJoins.map((s) => s.subject_id).sort()).toEqual(acceptedJoins.map((i) => joiners[i]!.id).sort());
    for (const s of storedJoins) expect(s.signed_at.getTime()).toBeLessThan(Date.parse(DEADLINE));

    const acceptedBids = check(bid, 200);
    const storedBids = await h.db
      .selectFrom('market.bids')
      .select(['subject_id', 'submitted_at', 'amount_fen'])
      .where('announcement_id', '=', bids.id)
      .execute();
    expect(storedBids.map((b) => b.subject_id).sort()).toEqual(acceptedBids.map((i) => bidders[i]!.id).sort());
    for (const b of storedBids) expect(b.submitted_at.getTime()).toBeLessThan(Date.parse(DEADLINE));

    // The closing ran at the deadline: whichever sign-ups it raced, the pool is exactly the accepted ones.
    expect(closing.status, show(closing)).toBe(200);
    expect(closing.body.pool.map((p: { uscc: string }) => p.uscc).sort()).toEqual(acceptedJoins.map((i) => joiners[i]!.uscc).sort());
  });
});
