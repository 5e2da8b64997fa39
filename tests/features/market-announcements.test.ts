import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashRule } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { announcementBody, draft, published, signUp } from '../helpers/market-announcements.js';

const clock = settableClock(onDay('2026-11-20')); // a Friday
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;
let stranger: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:edu-bureau' });
  stranger = await h.tokens.sign('applicant', { sub: 'applicant:someone-else' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

describe('drafting and publishing', () => {
  it('keeps a draft private, then publishes it with its commitment and opens sign-up, each step kept', async () => {
    const created = await draft(h, owner);
    expect(created).toMatchObject({ state: 'draft', commitment: null, priceCapFen: '3000000', steps: [{ from: null, to: 'draft' }] });
    expect((await h.request('GET', `/api/v1/market/announcements/${created.id}`)).status).toBe(404);
    const publicList = await h.request('GET', '/api/v1/market/announcements');
    expect(publicList.body.items.map((a: { id: string }) => a.id)).not.toContain(created.id);
    const mine = await h.request('GET', '/api/v1/market/my/announcements', { token: owner });
    expect(mine.body.items.map((a: { id: string }) => a.id)).toContain(created.id);
    expect((await h.request('GET', `/api/v1/market/announcements/${created.id}`, { token: owner })).body.state).toBe('draft');

    const edited = await h.request('PUT', `/api/v1/market/announcements/${created.id}`, {
      token: owner,
      body: announcementBody({ projectName: '改名后的人防工程', projectCode: created.projectCode }),
    });
    expect(edited.status, show(edited)).toBe(200);
    expect(edited.body.projectName).toBe('改名后的人防工程');

    const res = await h.request('POST', `/api/v1/market/announcements/${created.id}/publish`, { token: owner });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.state).toBe('signing_up');
    expect(res.body.steps.map((s: { to: string }) => s.to)).toEqual(['draft', 'published', 'signing_up']);
    expect(res.body.steps[1]).toMatchObject({ role: 'applicant', actor: 'applicant:edu-bureau' });
    const { rule, ruleHash, source } = res.body.commitment;
    expect(rule).toMatchObject({ mode: 'random', fiscal: true, minimumPool: 3, announcementId: created.id });
    expect(ruleHash).toBe(await hashRule(rule));
    expect(source).toMatchObject({ type: 'commit-reveal', seedHash: expect.stringMatching(/^[0-9a-f]{64}$/) });

    const publicView = await h.request('GET', `/api/v1/market/announcements/${created.id}`);
    expect(publicView.status, show(publicView)).toBe(200);
    expect(publicView.text).not.toContain('sealed');
    expect(publicView.body.steps[1].actor).toBeUndefined();
    const listed = await h.request('GET', '/api/v1/market/announcements?state=signing_up&service=cd_drawing_review&region=210102');
    expect(listed.body.items.map((a: { id: string }) => a.id)).toContain(created.id);
    const event = await h.db
      .selectFrom('sync.events')
      .selectAll()
      .where('type', '=', 'market.announcement_published')
      .where('entity_id', '=', created.id)
      .executeTakeFirst();
    expect(event?.payload).toMatchObject({ id: created.id, ruleHash });
    expect((await h.request('PUT', `/api/v1/market/announcements/${created.id}`, { token: owner, body: announcementBody() })).status).toBe(
      409,
    );
  });

  it('refuses direct selection of a 财政资金 purchase (422) and bodies that contradict themselves (400)', async () => {
    const direct = await h.request('POST', '/api/v1/market/announcements', {
      token: owner,
      body: announcementBody({ mode: 'direct', directUscc: '91210102MA0P5X1234', fiscal: true }),
    });
    expect(direct.status).toBeOneOf([400, 422]);
    const agency = await admittedAgency(h, { regulator, admin });
    const fiscalDirect = await h.request('POST', '/api/v1/market/announcements', {
      token: owner,
      body: announcementBody({ mode: 'direct', directUscc: agency.uscc, fiscal: true }),
    });
    expect(fiscalDirect.status, show(fiscalDirect)).toBe(422);
    expect(fiscalDirect.body.detail).toContain('财政资金');
    const wrongQuote = await h.request('POST', '/api/v1/market/announcements', {
      token: owner,
      body: announcementBody({ quoteKind: 'discount', discountMin: '0.9000', discountMax: '0.8000' }),
    });
    expect(wrongQuote.status, show(wrongQuote)).toBe(400);
    expect(wrongQuote.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['discountMax', 'priceCapFen']));
    const early = await h.request('POST', '/api/v1/market/announcements', {
      token: owner,
      body: announcementBody({ selectionAt: '2026-11-26T00:00:00Z' }),
    });
    expect(early.status).toBe(400);
    expect(early.body.errors[0].path).toBe('selectionAt');
  });

  it('lets only the owner manage an announcement: 403 on every write for anyone else', async () => {
    const a = await draft(h, owner);
    const agency = await admittedAgency(h, { regulator, admin });
    for (const token of [stranger, admin, agency.token]) {
      for (const [method, path, body] of [
        ['PUT', `/api/v1/market/announcements/${a.id}`, announcementBody()],
        ['POST', `/api/v1/market/announcements/${a.id}/publish`, undefined],
        ['POST', `/api/v1/market/announcements/${a.id}/cancel`, { reason: '不需要了' }],
        ['POST', `/api/v1/market/announcements/${a.id}/selection`, undefined],
      ] as const) {
        const res = await h.request(method, path, { token, body });
        expect(res.status, `${method} ${path}: ${show(res)}`).toBe(403);
      }
    }
    const cancelled = await h.request('POST', `/api/v1/market/announcements/${a.id}/cancel`, {
      token: owner,
      body: { reason: '项目调整' },
    });
    expect(cancelled.status, show(cancelled)).toBe(200);
    expect(cancelled.body.steps.at(-1)).toMatchObject({ from: 'draft', to: 'cancelled', note: '项目调整' });
    // A draft was never public: no event tells the platform of it.
    const draftEvents = await h.db.selectFrom('sync.events').select('type').where('entity_id', '=', a.id).execute();
    expect(draftEvents.map((e) => e.type)).not.toContain('market.announcement_cancelled');
  });
});

describe('signing up', () => {
  it('judges each agency at sign-up: an ineligible one is refused naming each reason, and the decision is kept', async () => {
    const a = await published(h, owner, { minStaff: 20 });
    const small = await admittedAgency(h, { regulator, admin });
    const big = await admittedAgency(h, { regulator, admin }, { staffCount: 30 });
    const refused = await h.request('POST', `/api/v1/market/announcements/${a.id}/signups`, { token: small.token, body: {} });
    expect(refused.status, show(refused)).toBe(422);
    expect(refused.body.reasons).toEqual(['staff_below_minimum']);
    const decisions = await h.db.selectFrom('market.eligibility_decisions').selectAll().where('announcement_id', '=', a.id).execute();
    expect(decisions).toMatchObject([{ id: refused.body.eligibilityDecisionId, stage: 'signup', eligible: false }]);

    const signed = await signUp(h, a.id, big.token);
    expect(signed).toMatchObject({ uscc: big.uscc, withdrawnAt: null, eligibility: { stage: 'signup', eligible: true, exclusions: [] } });
    expect(signed.nonce).toMatch(/^[0-9a-f]{32}$/);
    expect((await h.request('POST', `/api/v1/market/announcements/${a.id}/signups`, { token: big.token, body: {} })).status).toBe(409);
    const other = await h.request('GET', `/api/v1/market/announcements/${a.id}/signups/${big.uscc}`, { token: small.token });
    expect(other.status).toBe(403);
    const withdrawn = await h.request('DELETE', `/api/v1/market/announcements/${a.id}/signups/${big.uscc}`, { token: big.token });
    expect(withdrawn.status, show(withdrawn)).toBe(200);
    expect(withdrawn.body.withdrawnAt).not.toBeNull();
    const again = await h.request('POST', `/api/v1/market/announcements/${a.id}/signups`, {
      token: big.token,
      body: { nonce: 'my-own-nonce-1' },
    });
    expect(again.status, show(again)).toBe(201);
    expect(again.body).toMatchObject({ withdrawnAt: null, nonce: 'my-own-nonce-1' });
  });

  it('refuses a sign-up after the deadline and to a draft', async () => {
    const a = await published(h, owner);
    const d = await draft(h, owner);
    const agency = await admittedAgency(h, { regulator, admin });
    expect((await h.request('POST', `/api/v1/market/announcements/${d.id}/signups`, { token: agency.token, body: {} })).status).toBe(404);
    clock.set('2026-11-27T02:00:00Z');
    const late = await h.request('POST', `/api/v1/market/announcements/${a.id}/signups`, { token: agency.token, body: {} });
    expect(late.status, show(late)).toBe(409);
    expect(late.body.signupDeadline).toBe('2026-11-27T02:00:00.000Z');
  });
});
