import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDrawSources } from '../../src/features/announcements/index.js';
import { runJobs } from '../../src/jobs/index.js';
import { verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { bid, published, select, signUp } from '../helpers/market-announcements.js';

/** Sealed bids (lowest and best price), credit first with the owner's pick, objections, and the selection job. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:water-bureau' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

const post = (path: string, token: string, body?: unknown) => h.request('POST', path, { token, body });
const agencies = (n: number) => Promise.all(Array.from({ length: n }, () => admittedAgency(h, { regulator, admin })));
const discountOffer = {
  offers: [{ service: 'cd_drawing_review', feeKind: 'discount', feeBasis: '辽价发〔2020〕12号', discountRate: '0.9000', unit: '项' }],
};

describe('sealed bids (竞价)', () => {
  it('lowest price: refuses the wrong quote type and out-of-range bids, hides bids until the opening, lowest wins', async () => {
    const a = await published(h, owner, { mode: 'bid_lowest', fiscal: false });
    const [x, y, z, outsider] = await agencies(4);
    for (const agency of [x!, y!, z!]) await signUp(h, a.id, agency.token);
    const wrongType = await post(`/api/v1/market/announcements/${a.id}/bids`, x!.token, { discountRate: '0.9000' });
    expect(wrongType.status, show(wrongType)).toBe(422);
    expect(wrongType.body.errors[0].path).toBe('amountFen');
    expect((await post(`/api/v1/market/announcements/${a.id}/bids`, x!.token, { amountFen: '3000001' })).status).toBe(422);
    expect((await post(`/api/v1/market/announcements/${a.id}/bids`, x!.token, { amountFen: '99999' })).status).toBe(422);
    expect((await post(`/api/v1/market/announcements/${a.id}/bids`, outsider!.token, { amountFen: '1000000' })).status).toBe(409);

    expect(await bid(h, a.id, x!.token, { amountFen: '1200000' })).toMatchObject({ replaced: false });
    expect(await bid(h, a.id, y!.token, { amountFen: '1345678' })).toMatchObject({ replaced: false });
    expect(await bid(h, a.id, y!.token, { amountFen: '987654' })).toMatchObject({ replaced: true });
    await bid(h, a.id, z!.token, { amountFen: '1111111' });

    // Sealed: nobody, the owner included, reads a value before the opening.
    for (const token of [undefined, owner]) {
      const view = await h.request('GET', `/api/v1/market/announcements/${a.id}`, { token });
      for (const value of ['1200000', '987654', '1111111']) expect(view.text).not.toContain(value);
    }
    const own = await h.request('GET', `/api/v1/market/announcements/${a.id}/signups/${y!.uscc}`, { token: y!.token });
    expect(own.body.bidSubmittedAt).not.toBeNull();
    expect(own.text).not.toContain('987654');
    const audit = await h.db.selectFrom('audit.entries').select(['action', 'after']).where('entity_id', '=', a.id).execute();
    expect(JSON.stringify(audit)).not.toContain('987654');

    clock.set('2026-11-27T02:00:00Z');
    const late = await post(`/api/v1/market/announcements/${a.id}/bids`, x!.token, { amountFen: '500000' });
    expect(late.status, show(late)).toBe(409);

    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect(sel).toMatchObject({ state: 'publicised', winner: { uscc: y!.uscc }, winnerBid: { amountFen: '987654', discountRate: null } });
    expect(sel.order).toEqual([y!.uscc, z!.uscc, x!.uscc]);
    expect(sel.pool.find((p: { uscc: string }) => p.uscc === x!.uscc).bid).toEqual({ amountFen: '1200000', discountRate: null });
    const proof = (await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body;
    expect((await verifyProof(proof)).ok).toBe(true);
  });

  it('best price: discount rates compared exactly, the drawn factor and reference published, the proof verifies', async () => {
    const a = await published(h, owner, {
      mode: 'bid_best',
      quoteKind: 'discount',
      discountMin: '0.7000',
      discountMax: '0.9500',
      priceCapFen: undefined,
      priceFloorFen: undefined,
    });
    const bidders = await Promise.all(Array.from({ length: 5 }, () => admittedAgency(h, { regulator, admin }, discountOffer)));
    const rates = ['0.8', '0.85', '0.8500', '0.9', '0.7123'];
    for (const [i, agency] of bidders.entries()) {
      await signUp(h, a.id, agency.token);
      await bid(h, a.id, agency.token, { discountRate: rates[i]! });
    }
    expect((await post(`/api/v1/market/announcements/${a.id}/bids`, bidders[0]!.token, { amountFen: '100000' })).status).toBe(422);
    expect((await post(`/api/v1/market/announcements/${a.id}/bids`, bidders[0]!.token, { discountRate: '0.96' })).status).toBe(422);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect([95, 96, 97, 98]).toContain(sel.factor);
    expect(sel.reference).toMatch(/^0\.\d{4}$/);
    const proof = (await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body;
    const checked = await verifyProof(proof);
    expect(checked.ok, checked.problems.join('\n')).toBe(true);
    expect(sel.winner.uscc).toBe(checked.outcome!.winner);
  });
});

describe('credit first (信用择优)', () => {
  it('draws a short list from the long list and lets the owner pick from it (only from it)', async () => {
    const a = await published(h, owner, { mode: 'credit_first', longListSize: 3, shortListSize: 2, publishWinner: false });
    const pool = await agencies(4);
    for (const agency of pool) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect(sel).toMatchObject({ state: 'awaiting_pick', winner: null, publicityEndsOn: null });
    expect(sel.shortlist).toHaveLength(2);
    const outside = pool.find((p) => !sel.shortlist.includes(p.uscc))!;
    expect((await post(`/api/v1/market/selections/${sel.id}/pick`, owner, { uscc: outside.uscc })).status).toBe(422);
    const picked = await post(`/api/v1/market/selections/${sel.id}/pick`, owner, { uscc: sel.shortlist[1] });
    expect(picked.status, show(picked)).toBe(200);
    expect(picked.body).toMatchObject({ state: 'publicised', winner: { uscc: sel.shortlist[1] }, publicityEndsOn: '2026-12-02' });
    expect((await post(`/api/v1/market/selections/${sel.id}/pick`, owner, { uscc: sel.shortlist[0] })).status).toBe(409);
    // publishWinner: false — the public views do not name the winner; the owner's do.
    expect((await h.request('GET', `/api/v1/market/selections/${sel.id}`)).body).toMatchObject({ winner: null, state: 'publicised' });
    expect((await h.request('GET', `/api/v1/market/announcements/${a.id}`)).body.result.winner).toBeNull();
    expect((await h.request('GET', `/api/v1/market/selections/${sel.id}`, { token: owner })).body.winner.uscc).toBe(sel.shortlist[1]);
    expect((await verifyProof((await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body)).ok).toBe(true);
  });
});

describe('objections during 结果公示', () => {
  it('blocks confirmation while one is open; upheld against the winner, the next in order takes its place', async () => {
    const a = await published(h, owner);
    const pool = await agencies(3);
    for (const agency of pool) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    const loser = pool.find((p) => p.uscc === sel.order[2])!;
    const winnerDecision = sel.pool.find((p: { uscc: string }) => p.uscc === sel.winner.uscc).eligibilityDecisionId;
    const outsider = (await agencies(1))[0]!;
    expect((await post(`/api/v1/market/selections/${sel.id}/objections`, outsider.token, { reason: '不公平' })).status).toBe(403);
    const first = await post(`/api/v1/market/selections/${sel.id}/objections`, loser.token, {
      eligibilityDecisionId: winnerDecision,
      reason: '中选机构的资质证书已过期',
    });
    expect(first.status, show(first)).toBe(201);
    expect(first.body).toMatchObject({ state: 'filed', againstWinner: true });
    clock.set(onDay('2026-12-03'));
    const blocked = await post(`/api/v1/market/selections/${sel.id}/confirm`, owner);
    expect(blocked.status, show(blocked)).toBe(409);
    expect((await post(`/api/v1/market/selections/${sel.id}/objections`, loser.token, { reason: '迟到' })).status).toBe(409);
    const forbidden = await post(`/api/v1/market/selections/${sel.id}/objections/${first.body.id}/decision`, owner, {
      decision: 'upheld',
      note: '属实',
    });
    expect(forbidden.status).toBe(403);
    const upheld = await post(`/api/v1/market/selections/${sel.id}/objections/${first.body.id}/decision`, admin, {
      decision: 'upheld',
      note: '经核实属实',
    });
    expect(upheld.status, show(upheld)).toBe(200);
    expect(upheld.body.winner.uscc).toBe(sel.order[1]);
    expect(upheld.body.changes).toMatchObject([
      { droppedUscc: sel.order[0], nextUscc: sel.order[1], reason: { code: 'objection_upheld' } },
    ]);
    const confirmed = await post(`/api/v1/market/selections/${sel.id}/confirm`, owner);
    expect(confirmed.body).toMatchObject({ state: 'confirmed', winner: { uscc: sel.order[1] } });
  });
});

describe('the selection job', () => {
  it('selects announcements whose selection time has come, and leaves the others', async () => {
    const due = await published(h, owner);
    const later = await published(h, owner, { signupDeadline: '2026-12-01T02:00:00Z', selectionAt: '2026-12-01T03:00:00Z' });
    for (const agency of await agencies(3)) {
      await signUp(h, due.id, agency.token);
      await signUp(h, later.id, agency.token);
    }
    clock.set('2026-11-27T03:00:05Z');
    const env = { drawSources: createDrawSources(loadConfig({})), sync: h.deps.sync };
    const failed = await runJobs(h.db, clock, 'frequent', (job, error) => console.error(job, error), env);
    expect(failed).toEqual([]);
    expect((await h.request('GET', `/api/v1/market/announcements/${due.id}`)).body).toMatchObject({
      state: 'selected',
      result: { state: 'publicised' },
    });
    const steps = (await h.request('GET', `/api/v1/market/announcements/${due.id}`, { token: owner })).body.steps;
    expect(steps.at(-1)).toMatchObject({ to: 'selected', role: 'system', actor: 'system:market-selection' });
    expect((await h.request('GET', `/api/v1/market/announcements/${later.id}`)).body.state).toBe('signing_up');
  });
});
