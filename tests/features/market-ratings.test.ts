import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ratingSummary } from '../../src/features/ratings/index.js';
import { exactMean } from '../../src/lib/money.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { completedSelection } from '../helpers/market.js';
import { admittedAgency } from '../helpers/market-agencies.js';

/**
 * Ratings of agencies by project owners (domain §8): once per selection, after completion, within
 * 180 days counted by domain §2b; exact averages; objections decided by the operator.
 */
const clock = settableClock(onDay('2026-11-20')); // a Friday
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;
const OWNER_SUB = 'applicant:shenyang-construction';

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: OWNER_SUB });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

const agency = () => admittedAgency(h, { regulator, admin });
const all = (n: number) => ({ quality: n, timeliness: n, attitude: n, fee: n, conduct: n });

async function selectionFor(uscc: string, completedOn: string | null = '2026-10-10') {
  return (await completedSelection(h, { ownerSub: OWNER_SUB, winnerUscc: uscc, completedOn })).selectionId;
}

function rate(selectionId: string, body: Record<string, unknown>, token = owner) {
  return h.request('POST', `/api/v1/market/selections/${selectionId}/rating`, { token, body });
}

async function rated(uscc: string, scores: Record<string, number>, comment = '') {
  const res = await rate(await selectionFor(uscc), { ...scores, comment });
  expect(res.status, show(res)).toBe(201);
  return res.body;
}

const publicRatings = (uscc: string) => h.request('GET', `/api/v1/market/agencies/${uscc}/ratings`);

describe('rating an agency', () => {
  it('takes one rating per selection, public with its overall score; a second is refused', async () => {
    const a = await agency();
    const selectionId = await selectionFor(a.uscc);
    const first = await rate(selectionId, {
      quality: 5,
      timeliness: 4,
      attitude: 4,
      fee: 3,
      conduct: 5,
      comment: '审查意见专业，略有延误',
    });
    expect(first.status, show(first)).toBe(201);
    expect(first.body).toMatchObject({
      selectionId,
      agencyUscc: a.uscc,
      ownerName: '沈阳市某某建设有限公司',
      overall: '4.20',
      ratedOn: '2026-11-20',
      setAside: false,
    });
    const second = await rate(selectionId, { ...all(1), comment: '改个评价' });
    expect(second.status, show(second)).toBe(409);
    expect(second.body.detail).toContain('rated once');

    const list = await publicRatings(a.uscc);
    expect(list.status, show(list)).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ quality: 5, fee: 3, overall: '4.20', comment: '审查意见专业，略有延误', setAside: false });
    expect(list.body.summary).toEqual({
      count: 1,
      average: '4.20',
      dimensions: { quality: '5.00', timeliness: '4.00', attitude: '4.00', fee: '3.00', conduct: '5.00' },
    });
    const event = await h.db
      .selectFrom('sync.events')
      .select(['payload', 'subject_id'])
      .where('type', '=', 'market.rating_given')
      .where('entity_id', '=', first.body.id)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({
      agencyUscc: a.uscc,
      ownerName: '沈阳市某某建设有限公司',
      overall: '4.20',
      comment: '审查意见专业，略有延误',
    });
    expect(JSON.stringify(event.payload)).not.toContain(OWNER_SUB);
  });

  it('masks personal data typed into a comment, in the list and in the event', async () => {
    const a = await agency();
    const r = await rated(a.uscc, all(2), '项目负责人电话 13987654321，态度差');
    const item = (await publicRatings(a.uscc)).body.items[0];
    expect(item.comment).toContain('态度差');
    expect(item.comment).not.toContain('13987654321');
    const event = await h.db.selectFrom('sync.events').select('payload').where('entity_id', '=', r.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(event.payload)).not.toContain('13987654321');
  });

  it('refuses a rating before the service is completed (422), and bad scores (400)', async () => {
    const a = await agency();
    const early = await rate(await selectionFor(a.uscc, null), { ...all(4) });
    expect(early.status, show(early)).toBe(422);
    expect(early.body.detail).toContain('not completed');
    const bad = await rate(await selectionFor(a.uscc), { ...all(4), fee: 6, comment: 'x'.repeat(501) });
    expect(bad.status, show(bad)).toBe(400);
    expect(bad.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['comment', 'fee']);
  });

  it("refuses another owner's token (403) and a token of another role", async () => {
    const a = await agency();
    const selectionId = await selectionFor(a.uscc);
    const stranger = await h.tokens.sign('applicant', { sub: 'applicant:someone-else' });
    const res = await rate(selectionId, { ...all(5) }, stranger);
    expect(res.status, show(res)).toBe(403);
    expect((await rate(selectionId, { ...all(5) }, a.token)).status).toBe(403);
    expect((await rate('sel_01JAAAAAAAAAAAAAAAAAAAAAAA', { ...all(5) })).status).toBe(404);
  });

  it('accepts a rating on the 180th day after completion and refuses it the day after, naming the last day', async () => {
    const a = await agency();
    // Completed 2026-05-24 (not counted): the 180th day is Friday 2026-11-20.
    const onTime = await rate(await selectionFor(a.uscc, '2026-05-24'), { ...all(4) });
    expect(onTime.status, show(onTime)).toBe(201);
    const late = await selectionFor(a.uscc, '2026-05-24');
    clock.set(onDay('2026-11-21'));
    const res = await rate(late, { ...all(4) });
    expect(res.status, show(res)).toBe(422);
    expect(res.body.detail).toContain('2026-11-20');
  });

  it('moves a last day that falls on a rest day to the next working day (domain §2b)', async () => {
    const a = await agency();
    // Completed 2026-06-01: the 180th day is Saturday 2026-11-28, so the period runs to Monday 2026-11-30.
    const monday = await selectionFor(a.uscc, '2026-06-01');
    const tuesday = await selectionFor(a.uscc, '2026-06-01');
    clock.set(onDay('2026-11-30'));
    expect((await rate(monday, { ...all(3) })).status).toBe(201);
    clock.set(onDay('2026-12-01'));
    const res = await rate(tuesday, { ...all(3) });
    expect(res.status, show(res)).toBe(422);
    expect(res.body.detail).toContain('2026-11-30');
  });
});

describe('exact averages', () => {
  it('rounds two places half-up with integers only, and never divides by zero', () => {
    expect(exactMean(11, 3)).toBe('3.67');
    expect(exactMean(10, 3)).toBe('3.33');
    expect(exactMean(25, 8)).toBe('3.13'); // 3.125: half-up, not half-even
    expect(exactMean(107, 40)).toBe('2.68'); // 2.675: (2.675).toFixed(2) is "2.67" in floating point
    expect(exactMean(201, 200)).toBe('1.01'); // 1.005 likewise
    expect(exactMean(5n * 2_000_000n, 2_000_000)).toBe('5.00');
    expect(exactMean(0, 0)).toBeNull();
  });

  it('averages three ratings whose mean is 11/3 to "3.67"', async () => {
    const a = await agency();
    await rated(a.uscc, all(4));
    await rated(a.uscc, all(4));
    await rated(a.uscc, all(3));
    const { body } = await publicRatings(a.uscc);
    expect(body.summary.count).toBe(3);
    expect(body.summary.average).toBe('3.67');
    expect(body.summary.dimensions.quality).toBe('3.67');
    const summary = (await ratingSummary(h.db, [await subjectId(a.uscc), 'sub_nobody'])).get(await subjectId(a.uscc));
    expect(summary).toEqual(body.summary);
  });

  it('rounds a mean ending in 5 up: quality 25/8 = 3.125 → "3.13"', async () => {
    const a = await agency();
    for (const q of [4, 4, 3, 3, 3, 3, 3, 2]) await rated(a.uscc, { ...all(3), quality: q });
    const { body } = await publicRatings(a.uscc);
    // Overall: (25 + 4 × 24) / 40 = 121/40 = 3.025 → "3.03".
    expect(body.summary).toMatchObject({ count: 8, average: '3.03', dimensions: { quality: '3.13', timeliness: '3.00' } });
  });

  it('gives null averages to an agency nobody rated', async () => {
    const a = await agency();
    const { body } = await publicRatings(a.uscc);
    expect(body).toMatchObject({ items: [], nextCursor: null, summary: { count: 0, average: null, dimensions: { quality: null } } });
    const summary = await ratingSummary(h.db, ['sub_nobody']);
    expect(summary.get('sub_nobody')).toEqual({
      count: 0,
      average: null,
      dimensions: { quality: null, timeliness: null, attitude: null, fee: null, conduct: null },
    });
  });
});

async function subjectId(uscc: string) {
  return (await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id;
}

describe('objections to a rating', () => {
  it('sets an upheld rating aside: still listed, no longer counted', async () => {
    const a = await agency();
    await rated(a.uscc, all(5));
    const unfair = await rated(a.uscc, all(1), '态度恶劣');
    expect((await publicRatings(a.uscc)).body.summary.average).toBe('3.00');

    const other = await agency();
    const stranger = await h.request('POST', `/api/v1/market/ratings/${unfair.id}/objections`, {
      token: other.token,
      body: { reason: '不是我们' },
    });
    expect(stranger.status, show(stranger)).toBe(403);

    const filed = await h.request('POST', `/api/v1/market/ratings/${unfair.id}/objections`, {
      token: a.token,
      body: { reason: '该项目已按期交付，评价与事实不符，附验收意见' },
    });
    expect(filed.status, show(filed)).toBe(201);
    expect(filed.body).toMatchObject({ ratingId: unfair.id, state: 'filed', ratingSetAside: false });
    const twice = await h.request('POST', `/api/v1/market/ratings/${unfair.id}/objections`, {
      token: a.token,
      body: { reason: '再次异议' },
    });
    expect(twice.status, show(twice)).toBe(409);

    const notOperator = await h.request('POST', `/api/v1/market/rating-objections/${filed.body.id}/decision`, {
      token: regulator,
      body: { decision: 'upheld', note: '核实' },
    });
    expect(notOperator.status).toBe(403);
    const upheld = await h.request('POST', `/api/v1/market/rating-objections/${filed.body.id}/decision`, {
      token: admin,
      body: { decision: 'upheld', note: '经核实验收材料，评价不实' },
    });
    expect(upheld.status, show(upheld)).toBe(200);
    expect(upheld.body).toMatchObject({ state: 'upheld', ratingSetAside: true, decisionNote: '经核实验收材料，评价不实' });
    const again = await h.request('POST', `/api/v1/market/rating-objections/${filed.body.id}/decision`, {
      token: admin,
      body: { decision: 'rejected', note: '改判' },
    });
    expect(again.status, show(again)).toBe(409);

    const list = (await publicRatings(a.uscc)).body;
    expect(list.items.find((r: { id: string }) => r.id === unfair.id)).toMatchObject({ setAside: true, overall: '1.00' });
    expect(list.summary).toMatchObject({ count: 1, average: '5.00', dimensions: { quality: '5.00' } });
    const event = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('type', '=', 'market.rating_objection_upheld')
      .where('entity_id', '=', filed.body.id)
      .executeTakeFirstOrThrow();
    expect(event.payload).toMatchObject({ ratingId: unfair.id, agencyUscc: a.uscc, setAside: true, setAsideOn: '2026-11-20' });
    const afterAside = await h.request('POST', `/api/v1/market/ratings/${unfair.id}/objections`, {
      token: a.token,
      body: { reason: '再次异议' },
    });
    expect(afterAside.status, show(afterAside)).toBe(409);
  });

  it('keeps a rejected one counted, and lets the agency object again', async () => {
    const a = await agency();
    const r = await rated(a.uscc, all(2));
    const filed = await h.request('POST', `/api/v1/market/ratings/${r.id}/objections`, { token: a.token, body: { reason: '评价偏低' } });
    const rejected = await h.request('POST', `/api/v1/market/rating-objections/${filed.body.id}/decision`, {
      token: admin,
      body: { decision: 'rejected', note: '评价有据' },
    });
    expect(rejected.status, show(rejected)).toBe(200);
    expect(rejected.body).toMatchObject({ state: 'rejected', ratingSetAside: false });
    expect((await publicRatings(a.uscc)).body.summary).toMatchObject({ count: 1, average: '2.00' });
    const anew = await h.request('POST', `/api/v1/market/ratings/${r.id}/objections`, { token: a.token, body: { reason: '补充新证据' } });
    expect(anew.status, show(anew)).toBe(201);
  });
});
