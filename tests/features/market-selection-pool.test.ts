import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createDrawSources, type DrawSources } from '../../src/features/announcements/index.js';
import { type DrawProof, hashPool, verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency, applicationBody } from '../helpers/market-agencies.js';
import { published, signUp, suspend } from '../helpers/market-announcements.js';

/**
 * The pool is fixed before the randomness is asked for. A selection that must wait for its randomness
 * (409) has already judged every sign-up and stored the pool with its hash; what an agency or the
 * operator changes while the draw waits (an agency leaving the region, a suspension) cannot reshape
 * the pool the randomness then orders.
 */
const clock = settableClock(onDay('2026-11-20'));
const real = createDrawSources(loadConfig({}));
let outYet = false;
const asked: { poolFixedAt: string; now: string }[] = [];
const sources: DrawSources = {
  commit: (at) => real.commit(at),
  reveal: async (commitment, seed, nonces, at) => {
    asked.push({ poolFixedAt: at.poolFixedAt.toISOString(), now: at.now.toISOString() });
    return outYet ? real.reveal(commitment, seed, nonces, at) : { notYet: '2026-11-27T03:05:00.000Z', problems: ['relay: HTTP 503'] };
  },
};
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock, deps: { drawSources: sources } });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:pool' });
});
afterAll(async () => {
  await h.close();
});

const selectionDecisions = (announcementId: string) =>
  h.db
    .selectFrom('market.eligibility_decisions as d')
    .innerJoin('credit.subjects as s', 's.id', 'd.subject_id')
    .select(['s.uscc', 'd.eligible', 'd.decided_at'])
    .where('d.announcement_id', '=', announcementId)
    .where('d.stage', '=', 'selection')
    .orderBy('s.uscc')
    .execute();

describe('the pool fixed before the randomness', () => {
  it('is judged and hashed at the first attempt; a later profile edit or suspension does not change the pool, its hash or the draw', async () => {
    const a = await published(h, owner);
    const agencies = await Promise.all([0, 1, 2, 3].map(() => admittedAgency(h, { regulator, admin })));
    for (const agency of agencies) await signUp(h, a.id, agency.token);
    const labels = agencies.map((x) => x.uscc).sort();

    // The selection time: sign-up closes and the pool is fixed, but the randomness is not out yet.
    clock.set('2026-11-27T03:00:00Z');
    const waiting = await h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner });
    expect(waiting.status, show(waiting)).toBe(409);
    expect(waiting.body).toMatchObject({ retryAfter: '2026-11-27T03:05:00.000Z', state: 'selecting' });
    const judgedFirst = await selectionDecisions(a.id);
    expect(judgedFirst.map((d) => [d.uscc, d.eligible])).toEqual(labels.map((l) => [l, true]));
    // The pool hash is public from the moment the pool is fixed, before the randomness exists.
    const fixedPoolHash = await hashPool(labels.map((label) => ({ label })));
    const view = await h.request('GET', `/api/v1/market/announcements/${a.id}`);
    expect(view.body.state).toBe('selecting');
    expect(view.body.steps.at(-1)).toMatchObject({ to: 'selecting', at: '2026-11-27T03:00:00.000Z' });
    expect(view.body.steps.at(-1).note).toContain(`poolHash ${fixedPoolHash}`);
    const fixing = await h.db
      .selectFrom('audit.entries')
      .select(['actor', 'after'])
      .where('entity_id', '=', a.id)
      .where('action', '=', 'announcement.pool_fixed')
      .execute();
    expect(fixing).toHaveLength(1);
    expect(fixing[0]!.after).toMatchObject({ poolHash: fixedPoolHash, poolFixedAt: '2026-11-27T03:00:00.000Z', eligible: labels });

    // While the draw waits, one agency leaves the announcement's region and another is suspended.
    const [leaver, suspended] = [agencies[0]!, agencies[1]!];
    const own = await h.request('GET', `/api/v1/market/agencies/${leaver.uscc}/profile`, { token: leaver.token });
    const edited = await h.request('PUT', `/api/v1/market/agencies/${leaver.uscc}/profile`, {
      token: leaver.token,
      body: applicationBody({ regions: ['220100'], version: own.body.version }),
    });
    expect(edited.status, show(edited)).toBe(200);
    clock.set('2026-11-27T03:02:00Z');
    await suspend(h, regulator, suspended.uscc);

    // A retry while the randomness is still not out judges nobody again.
    clock.set('2026-11-27T03:03:00Z');
    expect((await h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner })).status).toBe(409);
    expect(await selectionDecisions(a.id)).toEqual(judgedFirst);

    outYet = true;
    clock.set('2026-11-27T03:05:00Z');
    const drawn = await h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner });
    expect(drawn.status, show(drawn)).toBe(200);
    expect(await selectionDecisions(a.id)).toEqual(judgedFirst);
    // Every ask for the randomness named the moment the pool was fixed (a drand source draws the round after it).
    expect(asked.map((x) => x.poolFixedAt)).toEqual(Array(3).fill('2026-11-27T03:00:00.000Z'));

    const proof = (await h.request('GET', `/api/v1/market/selections/${drawn.body.id}/proof`)).body as DrawProof;
    expect(proof.pool.map((m) => m.label)).toEqual(labels);
    expect(proof.poolHash).toBe(fixedPoolHash);
    expect(proof.poolFixedAt).toBe('2026-11-27T03:00:00.000Z');
    expect(proof.madeAt).toBe('2026-11-27T03:05:00.000Z');
    expect(proof.outcome.order).toHaveLength(4);
    expect(proof.outcome.order).toEqual(expect.arrayContaining([leaver.uscc, suspended.uscc]));
    expect(await verifyProof(proof)).toMatchObject({ ok: true, problems: [] });
    // Judged again now, the pool would be two smaller: another hash, and so another order.
    expect(await hashPool(labels.filter((l) => l !== leaver.uscc && l !== suspended.uscc).map((label) => ({ label })))).not.toBe(
      proof.poolHash,
    );

    const selection = await h.request('GET', `/api/v1/market/selections/${drawn.body.id}`);
    expect(selection.body).toMatchObject({ poolHash: fixedPoolHash, poolFixedAt: '2026-11-27T03:00:00.000Z', order: proof.outcome.order });
    const result = (await h.request('GET', `/api/v1/market/announcements/${a.id}`)).body.result;
    expect(result).toMatchObject({ poolHash: fixedPoolHash, poolFixedAt: '2026-11-27T03:00:00.000Z' });
  });
});
