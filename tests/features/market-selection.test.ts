import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { selectionForRating } from '../../src/features/announcements/index.js';
import { verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { blackList, exitEntry, published, select, signUp } from '../helpers/market-announcements.js';

/** The selection end to end: random draw with its proof, publicity and confirmation, contract and result; direct. */
const clock = settableClock(onDay('2026-11-20')); // a Friday
let h: Harness;
let regulator: string;
let reviewer: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:edu-bureau' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

const post = (path: string, token: string, body?: unknown) => h.request('POST', path, { token, body });

describe('random draw (随机抽取)', () => {
  it('draws among the eligible, publishes a proof anyone can check, then runs through contract and result to completion', async () => {
    const a = await published(h, owner);
    const agencies = await Promise.all([0, 1, 2, 3].map(() => admittedAgency(h, { regulator, admin })));
    for (const agency of agencies) await signUp(h, a.id, agency.token);
    // One of them is suspended after signing up: judged again at the draw, it is left out of the pool.
    const suspended = agencies[3]!;
    const res = await post(`/api/v1/market/agencies/${suspended.uscc}/suspensions`, regulator, {
      reason: 'discipline',
      detail: '拒不配合监督检查',
      endsOn: '2027-03-31',
    });
    expect(res.status, show(res)).toBe(201);

    const early = await post(`/api/v1/market/announcements/${a.id}/selection`, owner);
    expect(early.status, show(early)).toBe(409);
    expect(early.body.retryAfter).toBe('2026-11-27T03:00:00.000Z');

    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect(sel.id).toMatch(/^sel_/);
    expect(sel).toMatchObject({ mode: 'random', state: 'publicised', publicityEndsOn: '2026-12-02' });
    const eligible = agencies.slice(0, 3).map((x) => x.uscc);
    expect([...sel.order].sort()).toEqual([...eligible].sort());
    expect(sel.winner.uscc).toBe(sel.order[0]);
    const excluded = sel.pool.find((p: { uscc: string }) => p.uscc === suspended.uscc);
    expect(excluded).toMatchObject({ eligible: false, exclusions: [{ code: 'suspended' }] });

    const proof = await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`);
    expect(proof.status, show(proof)).toBe(200);
    expect(await verifyProof(proof.body)).toMatchObject({ ok: true, problems: [] });
    expect(proof.body.poolHash).toBe(sel.poolHash);
    const other = sel.order[1];
    expect((await verifyProof({ ...proof.body, outcome: { ...proof.body.outcome, winner: other } })).ok).toBe(false);

    const announcement = await h.request('GET', `/api/v1/market/announcements/${a.id}`);
    expect(announcement.body).toMatchObject({
      state: 'selected',
      result: {
        selectionId: sel.id,
        winner: { uscc: sel.winner.uscc },
        poolHash: sel.poolHash,
        proof: `/api/v1/market/selections/${sel.id}/proof`,
      },
    });
    const made = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('type', '=', 'market.selection_made')
      .where('entity_id', '=', sel.id)
      .execute();
    expect(made).toHaveLength(1);

    const stranger = await h.tokens.sign('applicant', { sub: 'applicant:stranger' });
    for (const [path, body] of [
      ['/pick', { uscc: sel.winner.uscc }],
      ['/confirm', undefined],
      ['/contract', { number: 'X-1', amountFen: '1', startsOn: '2026-12-05', endsOn: '2026-12-06' }],
      ['/contract/extensions', { endsOn: '2027-01-01', reason: '延期' }],
      ['/start', undefined],
      ['/results/decision', { decision: 'confirm', note: '合格' }],
    ] as const) {
      for (const token of [stranger, admin, agencies[0]!.token]) {
        const denied = await post(`/api/v1/market/selections/${sel.id}${path}`, token, body);
        expect(denied.status, `${path}: ${show(denied)}`).toBe(403);
      }
    }

    // 结果公示: not confirmed before the window has passed.
    expect((await post(`/api/v1/market/selections/${sel.id}/confirm`, owner)).status).toBe(409);
    clock.set(onDay('2026-12-03'));
    const confirmed = await post(`/api/v1/market/selections/${sel.id}/confirm`, owner);
    expect(confirmed.status, show(confirmed)).toBe(200);
    expect(confirmed.body.state).toBe('confirmed');

    const contract = await post(`/api/v1/market/selections/${sel.id}/contract`, owner, {
      number: '沈教合〔2026〕88号',
      amountFen: '1500000',
      startsOn: '2026-12-05',
      endsOn: '2027-01-31',
    });
    expect(contract.status, show(contract)).toBe(200);
    const extended = await post(`/api/v1/market/selections/${sel.id}/contract/extensions`, owner, {
      endsOn: '2027-02-28',
      reason: '设计变更',
    });
    expect(extended.body.contract).toMatchObject({ endsOn: '2027-02-28', extensions: [{ endsOn: '2027-02-28', reason: '设计变更' }] });
    expect((await post(`/api/v1/market/selections/${sel.id}/start`, owner)).status).toBe(409); // before the start day
    clock.set(onDay('2026-12-07'));
    expect((await post(`/api/v1/market/selections/${sel.id}/start`, owner)).status).toBe(200);

    const winner = agencies.find((x) => x.uscc === sel.winner.uscc)!;
    const loser = agencies.find((x) => x.uscc === sel.order[1])!;
    expect((await post(`/api/v1/market/selections/${sel.id}/results`, loser.token, { document: '审查意见书 A-1' })).status).toBe(403);
    // Turned away before its body is read: a malformed upload by another agency learns nothing from validation.
    expect((await post(`/api/v1/market/selections/${sel.id}/results`, loser.token, { nonsense: true })).status).toBe(403);
    expect((await post(`/api/v1/market/selections/${sel.id}/results`, winner.token, { document: '审查意见书 A-1' })).status).toBe(200);
    const returned = await post(`/api/v1/market/selections/${sel.id}/results/decision`, owner, {
      decision: 'return',
      note: '缺少结构专业意见',
    });
    expect(returned.body.results.map((r: { state: string }) => r.state)).toEqual(['uploaded', 'returned']);
    expect(await selectionForRating(h.db, sel.id)).toMatchObject({ completedOn: null, ownerSub: 'applicant:edu-bureau' });
    await post(`/api/v1/market/selections/${sel.id}/results`, winner.token, { document: '审查意见书 A-2', note: '已补充' });
    clock.set(onDay('2027-01-20'));
    const done = await post(`/api/v1/market/selections/${sel.id}/results/decision`, owner, { decision: 'confirm', note: '合格' });
    expect(done.status, show(done)).toBe(200);
    expect(done.body.completedOn).toBe('2027-01-20');
    const final = await h.request('GET', `/api/v1/market/announcements/${a.id}`);
    expect(final.body.steps.map((s: { to: string }) => s.to)).toEqual([
      'draft',
      'published',
      'signing_up',
      'selecting',
      'selected',
      'under_contract',
      'in_service',
      'completed',
    ]);
    expect(await selectionForRating(h.db, sel.id)).toEqual({
      selectionId: sel.id,
      announcementId: a.id,
      ownerSub: 'applicant:edu-bureau',
      ownerName: '沈阳市教育局',
      winnerSubjectId: winner.id,
      completedOn: '2027-01-20',
    });
  });

  it('fails a 财政资金 draw with fewer than 3 eligible agencies, with the reason', async () => {
    const a = await published(h, owner);
    for (const agency of await Promise.all([0, 1].map(() => admittedAgency(h, { regulator, admin })))) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    expect(sel).toMatchObject({ state: 'failed', winner: null, failure: { code: 'pool_too_small' } });
    const announcement = await h.request('GET', `/api/v1/market/announcements/${a.id}`);
    expect(announcement.body.state).toBe('failed');
    expect(announcement.body.failureReason).toContain('pool_too_small');
    expect((await verifyProof((await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).body)).ok).toBe(true);
  });

  it('replaces a winner that became restricted before confirmation with the next in order, recorded', async () => {
    const a = await published(h, owner);
    const agencies = await Promise.all([0, 1, 2].map(() => admittedAgency(h, { regulator, admin })));
    for (const agency of agencies) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const sel = await select(h, a.id, owner);
    await blackList(h, { regulator, reviewer }, sel.winner.uscc, '2026-06-01');
    clock.set(onDay('2026-12-03'));
    const confirmed = await post(`/api/v1/market/selections/${sel.id}/confirm`, owner);
    expect(confirmed.status, show(confirmed)).toBe(200);
    expect(confirmed.body).toMatchObject({
      state: 'confirmed',
      winner: { uscc: sel.order[1] },
      changes: [{ droppedUscc: sel.order[0], nextUscc: sel.order[1], reason: { code: 'restricted_before_confirmation' } }],
    });
    expect(confirmed.body.changes[0].reason.detail).toContain('black_listed');
    const changed = await h.db.selectFrom('sync.events').select('type').where('entity_id', '=', sel.id).orderBy('id').execute();
    expect(changed.map((e) => e.type)).toEqual(['market.selection_made', 'market.selection_changed']);
  });
});

describe('direct selection (直接选取)', () => {
  it('refuses a black-listed agency with 409 naming the reason, and selects it the moment its entry exits', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const a = await published(h, owner, { mode: 'direct', directUscc: agency.uscc, fiscal: false });
    expect(a.commitment).toBeNull();
    const entry = await blackList(h, { regulator, reviewer }, agency.uscc);
    clock.set('2026-11-27T03:00:00Z');
    const refused = await post(`/api/v1/market/announcements/${a.id}/selection`, owner);
    expect(refused.status, show(refused)).toBe(409);
    expect(refused.body.reasons).toContain('black_listed');
    expect(refused.body.detail).toContain('black_listed');
    const kept = await h.db
      .selectFrom('market.eligibility_decisions')
      .selectAll()
      .where('id', '=', refused.body.eligibilityDecisionId)
      .executeTakeFirst();
    expect(kept).toMatchObject({ stage: 'direct', eligible: false });

    await exitEntry(h, regulator, entry.id);
    const sel = await select(h, a.id, owner);
    expect(sel).toMatchObject({ mode: 'direct', state: 'publicised', winner: { uscc: agency.uscc }, proof: null });
    expect((await h.request('GET', `/api/v1/market/selections/${sel.id}/proof`)).status).toBe(404);
  });
});
