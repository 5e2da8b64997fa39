import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor, Role } from '../../src/core/actor.js';
import { allowedObjectionSteps, QUEUE_STATES, queueStatesFor } from '../../src/features/objections/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { getPage } from '../helpers/web.js';

/**
 * What features/objections offers the console: the steps an objection allows its reader (the same
 * forms the console's objection page shows, tests/web/console-credit.test.ts) and the queue filters a
 * role may ask for: exactly those objectionQueue takes, so the platform is not shown a filter it is
 * refused (403) for picking.
 */
const regulatorA: Actor = { sub: 'reg-a', role: 'regulator', dept: DEPT_A };
const regulatorB: Actor = { sub: 'reg-b', role: 'regulator', dept: DEPT_B };
const reviewer: Actor = { sub: 'rev', role: 'reviewer', dept: DEPT_B };
const admin: Actor = { sub: 'admin', role: 'admin' };
const platform: Actor = { sub: 'platform:city', role: 'platform' };

const objection = (state: string) => ({ state, department: DEPT_A, filedBy: 'subject:someone' });

describe('allowedObjectionSteps', () => {
  it('offers forwarding a filed objection to the platform and an admin only', () => {
    expect(allowedObjectionSteps(objection('filed'), platform)).toEqual(['forward']);
    expect(allowedObjectionSteps(objection('filed'), admin)).toEqual(['forward']);
    for (const actor of [regulatorA, reviewer]) expect(allowedObjectionSteps(objection('filed'), actor)).toEqual([]);
  });

  it('offers deciding and extending a forwarded one to its department, reviewers and admins, not to the platform or another department', () => {
    for (const actor of [regulatorA, reviewer, admin])
      expect(allowedObjectionSteps(objection('forwarded'), actor)).toEqual(['decide', 'extend']);
    for (const actor of [platform, regulatorB]) expect(allowedObjectionSteps(objection('forwarded'), actor)).toEqual([]);
  });

  it('offers nothing on a decided objection', () => {
    for (const state of ['upheld', 'partly_upheld', 'rejected'])
      for (const actor of [regulatorA, reviewer, admin, platform]) expect(allowedObjectionSteps(objection(state), actor)).toEqual([]);
  });
});

describe('queueStatesFor and objectionQueue agree', () => {
  const clock = settableClock(onDay('2026-11-20'));
  let h: Harness;

  beforeAll(async () => {
    h = await createHarness({ clock });
  });
  afterAll(async () => h.close());

  it('the platform may filter by open and filed only; the other readers by every state', async () => {
    expect(queueStatesFor('platform')).toEqual(['open', 'filed']);
    const tokens: [Role, string][] = [
      ['platform', await h.tokens.sign('platform', { sub: 'platform:city' })],
      ['regulator', await h.tokens.sign('regulator', { dept: DEPT_A })],
      ['reviewer', await h.tokens.sign('reviewer', { dept: DEPT_B })],
      ['admin', await h.tokens.sign('admin')],
    ];
    for (const [role, token] of tokens) {
      const allowed = queueStatesFor(role);
      if (role !== 'platform') expect(allowed).toEqual(QUEUE_STATES);
      for (const state of QUEUE_STATES) {
        const res = await h.request('GET', `/api/v1/objections?state=${state}`, { token });
        expect(res.status, `${role} ${state}: ${show(res)}`).toBe(allowed.includes(state) ? 200 : 403);
      }
    }
  });

  it("the console's queue offers the platform only the filters the verb takes", async () => {
    const token = await h.tokens.sign('platform', { sub: 'platform:city' });
    const page = await getPage(h, '/console/objections', token);
    expect(page.status).toBe(200);
    const select = /<select[^>]*name="state"[^>]*>([\s\S]*?)<\/select>/.exec(page.html)![1]!;
    expect([...select.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual(['open', 'filed']);
    expect((await getPage(h, '/console/objections?state=filed', token)).status).toBe(200);

    const admin = await h.tokens.sign('admin');
    const all = /<select[^>]*name="state"[^>]*>([\s\S]*?)<\/select>/.exec((await getPage(h, '/console/objections', admin)).html)![1]!;
    expect([...all.matchAll(/<option value="([^"]*)"/g)].map((m) => m[1])).toEqual([...QUEUE_STATES]);
  });
});
