import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { announcementBody, blackList, suspend } from '../helpers/market-announcements.js';

/**
 * Over random pools and credit states: a black-listed, seriously recorded, suspended or avoided agency
 * never wins a draw, never wins a bid and cannot be chosen directly; every draw's proof from the API
 * verifies, and fails once its winner is changed. Few runs: each builds its agencies over HTTP on PGlite.
 */
const clock = settableClock(onDay('2026-11-20'));
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
  owner = await h.tokens.sign('applicant', { sub: 'applicant:property' });
});
afterAll(async () => {
  await h.close();
});

const STATES = ['clean', 'black', 'serious', 'suspended', 'avoided'] as const;
type State = (typeof STATES)[number];
const RESTRICTION: Record<Exclude<State, 'clean'>, string> = {
  black: 'black_listed',
  serious: 'serious_record',
  suspended: 'suspended',
  avoided: 'avoided',
};

/** Restricts a signed-up agency after its sign-up, so the draw's own re-judgement must catch it. */
async function restrict(uscc: string, state: State) {
  if (state === 'black') await blackList(h, { regulator, reviewer }, uscc, '2026-06-01');
  if (state === 'serious') await createRecord(h, regulator, uscc, { severity: 'serious', decidedOn: '2026-06-01' });
  if (state === 'suspended') await suspend(h, regulator, uscc);
}

const scenario = fc.record({
  mode: fc.constantFrom('random', 'bid_lowest', 'direct'),
  members: fc.array(fc.record({ state: fc.constantFrom(...STATES), amount: fc.integer({ min: 100_000, max: 3_000_000 }) }), {
    minLength: 1,
    maxLength: 5,
  }),
  named: fc.nat(),
});

describe('no restricted agency is ever chosen', () => {
  it('holds for draws, bids and direct choices over random pools', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ mode, members, named }) => {
        clock.set(onDay('2026-11-20'));
        const pool = [];
        for (const m of members) pool.push({ ...m, agency: await admittedAgency(h, { regulator, admin }) });
        const avoid = pool.filter((p) => p.state === 'avoided').map((p) => ({ uscc: p.agency.uscc, reason: '与项目业主存在利害关系' }));
        const direct = pool[named % pool.length]!;
        const body = announcementBody({ mode, fiscal: false, avoid, ...(mode === 'direct' ? { directUscc: direct.agency.uscc } : {}) });
        const created = await h.request('POST', '/api/v1/market/announcements', { token: owner, body });
        expect(created.status, show(created)).toBe(201);
        const id = created.body.id;
        expect((await h.request('POST', `/api/v1/market/announcements/${id}/publish`, { token: owner })).status).toBe(200);
        if (mode !== 'direct') {
          for (const p of pool) {
            const signed = await h.request('POST', `/api/v1/market/announcements/${id}/signups`, { token: p.agency.token, body: {} });
            expect(signed.status, show(signed)).toBe(p.state === 'avoided' ? 422 : 201);
            if (mode === 'bid_lowest' && signed.status === 201) {
              const bid = await h.request('POST', `/api/v1/market/announcements/${id}/bids`, {
                token: p.agency.token,
                body: { amountFen: String(p.amount) },
              });
              expect(bid.status, show(bid)).toBe(200);
            }
          }
        }
        for (const p of pool) await restrict(p.agency.uscc, p.state);
        const restricted = new Set(pool.filter((p) => p.state !== 'clean').map((p) => p.agency.uscc));

        clock.set('2026-11-27T03:00:00Z');
        const res = await h.request('POST', `/api/v1/market/announcements/${id}/selection`, { token: owner });
        if (mode === 'direct') {
          if (direct.state === 'clean') expect(res.body.winner?.uscc, show(res)).toBe(direct.agency.uscc);
          else {
            expect(res.status, show(res)).toBe(409);
            expect(res.body.reasons).toContain(RESTRICTION[direct.state]);
          }
          return;
        }
        expect(res.status, show(res)).toBe(200);
        const winner: string | undefined = res.body.winner?.uscc;
        if (winner) expect(restricted.has(winner), `${winner} is restricted`).toBe(false);
        const clean = pool.filter((p) => p.state === 'clean').length;
        expect(winner === undefined).toBe(clean === 0);
        const proof = (await h.request('GET', `/api/v1/market/selections/${res.body.id}/proof`)).body;
        const checked = await verifyProof(proof);
        expect(checked.ok, checked.problems.join('\n')).toBe(true);
        for (const label of proof.pool.map((m: { label: string }) => m.label)) expect(restricted.has(label)).toBe(false);
        const other = pool.map((p) => p.agency.uscc).find((u) => u !== winner)!;
        if (other) expect((await verifyProof({ ...proof, outcome: { ...proof.outcome, winner: other } })).ok).toBe(false);
      }),
      { numRuns: 15 },
    );
  });
});
