import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { registerEndpoint } from '../helpers/delivery.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { completedSelection } from '../helpers/market.js';
import { admittedAgency } from '../helpers/market-agencies.js';

/**
 * Two reads the console pages make, answered by the API through the same verbs: each push endpoint's
 * delivery state (GET /api/v1/sync/endpoints/status, admin only) and the owner's rating of a selection
 * with the last day of its 180-day window (GET /api/v1/market/selections/{id}/rating, the owner only).
 */
let h: Harness;
let admin: string;
let platform: string;
let regulator: string;
let owner: string;
let otherApplicant: string;
const OWNER_SUB = 'applicant:shenyang-rfb';
const URL_A = 'https://credit-platform.example.gov.cn/hooks/credit';
const URL_B = 'https://credit-platform.example.gov.cn/hooks/backup';
const DELIVERED_AT = '2026-11-19T01:30:00.000Z';
const LAST_ERROR = 'platform answered 503 Service Unavailable';

beforeAll(async () => {
  h = await createHarness();
  admin = await h.tokens.sign('admin');
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  owner = await h.tokens.sign('applicant', { sub: OWNER_SUB });
  otherApplicant = await h.tokens.sign('applicant', { sub: 'applicant:someone-else' });
});
afterAll(async () => h.close());

/** Messages to an endpoint as the delivery worker leaves them: one delivered, one dead, one being sent (leased), one waiting. */
async function deliveries(endpointId: string) {
  const now = h.clock.now();
  const earlier = new Date(now.getTime() - 3600_000);
  const row = (seq: number, extra: Record<string, unknown>) => ({
    id: newId('delivery', now),
    endpoint_id: endpointId,
    seq,
    first_position: seq * 10,
    last_position: seq * 10 + 9,
    event_count: 10,
    body: JSON.stringify({ type: 'credit.feed.batch', data: { seq } }),
    next_attempt_at: now,
    created_at: earlier,
    ...extra,
  });
  await h.db
    .insertInto('sync.deliveries')
    .values([
      row(1, { status: 'delivered', attempts: 1, last_status: 200, delivered_at: new Date(DELIVERED_AT) }),
      row(2, { status: 'dead', attempts: 3, last_status: 503, last_error: LAST_ERROR, dead_at: earlier }),
      row(3, { status: 'pending', attempts: 1, lease_until: new Date(now.getTime() + 60_000) }),
      row(4, { status: 'pending' }),
    ])
    .execute();
}

describe('GET /api/v1/sync/endpoints/status', () => {
  let endpointA: string;
  let endpointB: string;

  beforeAll(async () => {
    endpointA = await registerEndpoint(h, admin, { url: URL_A, description: '市公共信用信息平台' });
    endpointB = await registerEndpoint(h, admin, { url: URL_B });
    await deliveries(endpointA);
  });

  it('lists each endpoint with its pending, in-flight, delivered and dead messages, the last error and the last delivery', async () => {
    const res = await h.request('GET', '/api/v1/sync/endpoints/status', { token: admin });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.items.map((e: { id: string }) => e.id)).toEqual([endpointA, endpointB]);
    const [a, b] = res.body.items;
    expect(a).toMatchObject({ id: endpointA, url: URL_A, description: '市公共信用信息平台', status: 'active' });
    expect(a.delivery).toEqual({
      pending: 1,
      inFlight: 1,
      delivered: 1,
      dead: 1,
      lastError: LAST_ERROR,
      lastDeliveredAt: DELIVERED_AT,
    });
    // An endpoint nothing was cut for yet: all zero, no error, never delivered.
    expect(b.delivery).toEqual({ pending: 0, inFlight: 0, delivered: 0, dead: 0, lastError: null, lastDeliveredAt: null });
    expect(res.body.nextCursor).toBeNull();

    // The same endpoint as GET /endpoints/{id} answers, plus its delivery state.
    const one = await h.request('GET', `/api/v1/sync/endpoints/${endpointA}`, { token: admin });
    expect(one.status, show(one)).toBe(200);
    const { delivery: _, ...endpoint } = a;
    expect(endpoint).toEqual(one.body);
  });

  it('counts the same messages the deliveries listing shows by status', async () => {
    const res = await h.request('GET', '/api/v1/sync/endpoints/status', { token: admin });
    const state = res.body.items[0].delivery;
    for (const status of ['delivered', 'dead'] as const) {
      const list = await h.request('GET', `/api/v1/sync/deliveries?status=${status}&endpoint=${endpointA}`, { token: admin });
      expect(list.status, show(list)).toBe(200);
      expect(list.body.items, status).toHaveLength(state[status]);
    }
    const pending = await h.request('GET', `/api/v1/sync/deliveries?status=pending&endpoint=${endpointA}`, { token: admin });
    expect(pending.body.items).toHaveLength(state.pending + state.inFlight);
  });

  it('pages like the endpoints listing', async () => {
    const first = await h.request('GET', '/api/v1/sync/endpoints/status?limit=1', { token: admin });
    expect(first.status, show(first)).toBe(200);
    expect(first.body.items.map((e: { id: string }) => e.id)).toEqual([endpointA]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await h.request('GET', `/api/v1/sync/endpoints/status?limit=1&cursor=${first.body.nextCursor}`, { token: admin });
    expect(second.status, show(second)).toBe(200);
    expect(second.body.items.map((e: { id: string }) => e.id)).toEqual([endpointB]);
    expect(second.body.items[0].delivery.delivered).toBe(0);
    expect(second.body.nextCursor).toBeNull();

    const wrong = await h.request('GET', '/api/v1/sync/endpoints/status?limit=0', { token: admin });
    expect(wrong.status, show(wrong)).toBe(400);
  });

  it('is for the admin only: the platform and a regulator get 403, no token 401', async () => {
    for (const token of [platform, regulator]) {
      const res = await h.request('GET', '/api/v1/sync/endpoints/status', { token });
      expect(res.status, show(res)).toBe(403);
    }
    const anonymous = await h.request('GET', '/api/v1/sync/endpoints/status');
    expect(anonymous.status, show(anonymous)).toBe(401);
  });
});

describe('GET /api/v1/market/selections/{id}/rating', () => {
  let agencyUscc: string;
  let agencyToken: string;
  let selectionId: string;

  beforeAll(async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    agencyUscc = agency.uscc;
    agencyToken = agency.token;
    // Completed 2026-06-01 (not counted): the 180th day is Saturday 2026-11-28, so the window runs to Monday 2026-11-30.
    selectionId = (await completedSelection(h, { ownerSub: OWNER_SUB, winnerUscc: agencyUscc, completedOn: '2026-06-01' })).selectionId;
  });

  const read = (id: string, token?: string) => h.request('GET', `/api/v1/market/selections/${id}/rating`, { token });

  it('before the rating: none given, with the completion day and the last day of the window', async () => {
    const res = await read(selectionId, owner);
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({ rating: null, completedOn: '2026-06-01', lastDay: '2026-11-30' });
  });

  it('a selection not completed yet: nothing to rate, no window', async () => {
    const pending = (await completedSelection(h, { ownerSub: OWNER_SUB, winnerUscc: agencyUscc, completedOn: null })).selectionId;
    const res = await read(pending, owner);
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({ rating: null, completedOn: null, lastDay: null });
  });

  it('after the rating: the owner reads what it gave, as the POST answered it', async () => {
    const given = await h.request('POST', `/api/v1/market/selections/${selectionId}/rating`, {
      token: owner,
      body: { quality: 5, timeliness: 4, attitude: 4, fee: 3, conduct: 5, comment: '审查意见专业，略有延误' },
    });
    expect(given.status, show(given)).toBe(201);
    const res = await read(selectionId, owner);
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({ rating: given.body, completedOn: '2026-06-01', lastDay: '2026-11-30' });
    expect(res.body.rating).toMatchObject({ selectionId, agencyUscc, overall: '4.20', ratedOn: '2026-11-20', setAside: false });
  });

  it("is the owner's only: another applicant, the rated agency, a regulator and the admin get 403; an unknown selection 404", async () => {
    for (const token of [otherApplicant, agencyToken, regulator, admin]) {
      const res = await read(selectionId, token);
      expect(res.status, show(res)).toBe(403);
    }
    expect((await read(selectionId)).status).toBe(401);
    const unknown = await read(newId('selection', h.clock.now()), owner);
    expect(unknown.status, show(unknown)).toBe(404);
    const malformed = await read('sel_nope', owner);
    expect(malformed.status, show(malformed)).toBe(400);
  });
});
