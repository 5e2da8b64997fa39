import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import type { AnnouncementState } from '../../src/db/types.js';
import { createDrawSources, type DrawSources } from '../../src/features/announcements/index.js';
import { type Move, nextState, TRANSITIONS } from '../../src/features/announcements/machine.js';
import { verifyProof } from '../../src/lib/draw/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { published, signUp } from '../helpers/market-announcements.js';

/**
 * A draw whose randomness is not out yet (a beacon round still in the future, relays down) answers 409
 * with `retryAfter` and leaves the announcement `selecting`; asked again once it is out, it draws. And
 * the lifecycle table, pair by pair, against the one written here from domain §8.
 */
const clock = settableClock(onDay('2026-11-20'));
const real = createDrawSources(loadConfig({}));
let outYet = false;
const sources: DrawSources = {
  commit: (at) => real.commit(at),
  reveal: async (commitment, seed, nonces, now) =>
    outYet ? real.reveal(commitment, seed, nonces, now) : { notYet: '2026-11-27T03:00:30.000Z', problems: ['relay: HTTP 503'] },
};
let h: Harness;
let regulator: string;
let admin: string;
let owner: string;

beforeAll(async () => {
  h = await createHarness({ clock, deps: { drawSources: sources } });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: 'applicant:waiting' });
});
afterAll(async () => {
  await h.close();
});

describe('waiting for the randomness', () => {
  it('answers 409 with retryAfter while it is not out, keeps the announcement selecting, and draws once it is', async () => {
    const a = await published(h, owner);
    for (const agency of await Promise.all([0, 1, 2].map(() => admittedAgency(h, { regulator, admin }))))
      await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    const waiting = await h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner });
    expect(waiting.status, show(waiting)).toBe(409);
    expect(waiting.body).toMatchObject({ retryAfter: '2026-11-27T03:00:30.000Z', state: 'selecting' });
    const view = await h.request('GET', `/api/v1/market/announcements/${a.id}`);
    expect(view.body).toMatchObject({ state: 'selecting', result: null });
    // The pool is fixed before the randomness is asked for: every sign-up is judged at this first attempt.
    const judged = () =>
      h.db.selectFrom('market.eligibility_decisions').select(['id', 'eligible']).where('stage', '=', 'selection').orderBy('id').execute();
    const first = await judged();
    expect(first.map((d) => d.eligible)).toEqual([true, true, true]);

    outYet = true;
    clock.set('2026-11-27T03:00:30Z');
    const drawn = await h.request('POST', `/api/v1/market/announcements/${a.id}/selection`, { token: owner });
    expect(drawn.status, show(drawn)).toBe(200);
    expect(drawn.body.state).toBe('publicised');
    expect(await judged()).toEqual(first); // and never again once the randomness is out
    const steps = (await h.request('GET', `/api/v1/market/announcements/${a.id}`)).body.steps.map((s: { to: string }) => s.to);
    expect(steps).toEqual(['draft', 'published', 'signing_up', 'selecting', 'selected']);
    expect((await verifyProof((await h.request('GET', `/api/v1/market/selections/${drawn.body.id}/proof`)).body)).ok).toBe(true);
  });
});

describe('the announcement lifecycle table', () => {
  // Written from domain §8 and the issue: draft → published → signing up → selecting → selected →
  // under contract → in service → completed; failed; cancelled before the selection begins.
  const SPEC: Record<AnnouncementState, Partial<Record<Move, AnnouncementState>>> = {
    draft: { publish: 'published', cancel: 'cancelled' },
    published: { open_signup: 'signing_up', cancel: 'cancelled' },
    signing_up: { begin_selection: 'selecting', select: 'selected', cancel: 'cancelled' },
    selecting: { select: 'selected', fail: 'failed' },
    selected: { file_contract: 'under_contract', fail: 'failed' },
    under_contract: { start_service: 'in_service' },
    in_service: { complete: 'completed' },
    completed: {},
    failed: {},
    cancelled: {},
  };
  const MOVES: Move[] = [
    'publish',
    'open_signup',
    'begin_selection',
    'select',
    'fail',
    'file_contract',
    'start_service',
    'complete',
    'cancel',
  ];

  it('allows exactly the moves of the spec and refuses every other with 409 naming the state', () => {
    expect(Object.keys(TRANSITIONS).sort()).toEqual(Object.keys(SPEC).sort());
    for (const state of Object.keys(SPEC) as AnnouncementState[]) {
      for (const move of MOVES) {
        const to = SPEC[state][move];
        if (to) expect(nextState(state, move), `${state} --${move}-->`).toBe(to);
        else
          expect(() => nextState(state, move), `${state} --${move}--> refused`).toThrow(
            expect.objectContaining({ code: 'INVALID_TRANSITION', extra: { state } }),
          );
      }
    }
  });
});
