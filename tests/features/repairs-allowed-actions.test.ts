import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import {
  allowedRepairSteps,
  type RepairableEntryFacts,
  type RepairableRecordFacts,
  repairableTargets,
} from '../../src/features/repairs/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, DEPT_B, goodRecord, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The steps a repair allows and what a subject may ask to repair, as features/repairs answers them for
 * the console: the same answers the console's repair pages give (tests/web/console-credit.test.ts),
 * and the same the verbs give when asked.
 */
const USCC = '91210102QY90000187';
const regulatorA: Actor = { sub: 'reg-a', role: 'regulator', dept: DEPT_A };
const regulatorB: Actor = { sub: 'reg-b', role: 'regulator', dept: DEPT_B };
const reviewer: Actor = { sub: 'rev', role: 'reviewer', dept: DEPT_B };
const admin: Actor = { sub: 'admin', role: 'admin' };
const platform: Actor = { sub: 'platform', role: 'platform' };
const subject: Actor = { sub: 'subj', role: 'subject', uscc: USCC };
const otherSubject: Actor = { sub: 'other', role: 'subject', uscc: '91210102QY90000195' };

const repair = (state: string) => ({ state, department: DEPT_A });

describe('allowedRepairSteps', () => {
  it('offers the deciding department accept or refuse while applied, approve or reject once accepted, revoke once approved', () => {
    expect(allowedRepairSteps(repair('applied'), regulatorA)).toEqual(['accept', 'refuse']);
    expect(allowedRepairSteps(repair('accepted'), regulatorA)).toEqual(['approve', 'reject']);
    expect(allowedRepairSteps(repair('approved'), regulatorA)).toEqual(['revoke']);
  });

  it('offers nothing a person takes once refused, rejected or revoked (only an upheld objection moves those)', () => {
    for (const state of ['refused', 'rejected', 'revoked']) expect(allowedRepairSteps(repair(state), regulatorA)).toEqual([]);
  });

  it('offers supervisors the same, and nothing to another department, the platform or the subject', () => {
    for (const actor of [reviewer, admin]) expect(allowedRepairSteps(repair('applied'), actor)).toEqual(['accept', 'refuse']);
    for (const actor of [regulatorB, platform, subject]) {
      for (const state of ['applied', 'accepted', 'approved']) expect(allowedRepairSteps(repair(state), actor)).toEqual([]);
    }
  });
});

const record = (overrides: Partial<RepairableRecordFacts & { id: string }> = {}) => ({
  id: 'rec_1',
  subjectUscc: USCC,
  kind: 'dishonesty',
  supersededAt: null,
  decidedOn: '2026-06-01',
  voidedOn: null,
  shownUntil: '2027-06-01',
  obligationsUnmet: false,
  endReason: null,
  ...overrides,
});
const entry = (overrides: Partial<RepairableEntryFacts & { id: string }> = {}) => ({
  id: 'lst_1',
  subjectUscc: USCC,
  state: 'published',
  list: 'black',
  ...overrides,
});
const ids = (t: { records: { id: string }[]; entries: { id: string }[] }) => [...t.entries, ...t.records].map((x) => x.id);

describe('repairableTargets', () => {
  it('offers the subject its dishonesty records in effect, even before they may be repaired, and its published black and watch entries', () => {
    const targets = repairableTargets(
      subject,
      {
        records: [
          record(),
          record({ id: 'rec_early', decidedOn: '2026-11-01' }),
          record({ id: 'rec_good', kind: 'good' }),
          record({ id: 'rec_ended', shownUntil: '2026-11-19', endReason: 'repaired' }),
          record({ id: 'rec_voided', voidedOn: '2026-10-01', endReason: 'voided' }),
          record({ id: 'rec_held', shownUntil: '2026-10-01', obligationsUnmet: true }),
        ],
        entries: [
          entry(),
          entry({ id: 'lst_watch', list: 'watch' }),
          entry({ id: 'lst_red', list: 'red' }),
          entry({ id: 'lst_exited', state: 'exited' }),
        ],
      },
      '2026-11-20',
    );
    expect(ids(targets)).toEqual(['lst_1', 'lst_watch', 'rec_1', 'rec_early', 'rec_held']);
  });

  it("offers nothing of another subject's, nor anything to someone who is not the subject", () => {
    const of = { records: [record()], entries: [entry()] };
    for (const actor of [otherSubject, regulatorA, admin]) expect(ids(repairableTargets(actor, of, '2026-11-20'))).toEqual([]);
  });
});

describe('the verbs give the same answers', () => {
  const clock = settableClock(onDay('2026-11-20'));
  let h: Harness;
  let deptA: string;
  let deptB: string;

  beforeAll(async () => {
    h = await createHarness({ clock });
    deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
    deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  });
  afterAll(async () => {
    await h.close();
  });

  it('takes each step offered, refuses the ones not offered, and applies only for what is offered', async () => {
    const { uscc } = await createSubject(h, deptA);
    const token = await h.tokens.sign('subject', { uscc });
    const actor: Actor = { sub: 'subject', role: 'subject', uscc };
    const recordOf = async (overrides: Record<string, unknown>) => {
      const res = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody(uscc, overrides) });
      expect(res.status, show(res)).toBe(201);
      return res.body as RepairableRecordFacts & { id: string };
    };
    const dishonest = await recordOf({ severity: 'general', decidedOn: '2026-06-01' });
    const good = await recordOf(goodRecord('2026-06-01'));
    const offered = repairableTargets(actor, { records: [dishonest, good], entries: [] }, '2026-11-20');
    expect(offered.records.map((r) => r.id)).toEqual([dishonest.id]);

    const apply = (targetId: string) =>
      h.request('POST', '/api/v1/repairs', {
        token,
        body: { target: 'record', targetId, commitment: '本单位已整改完毕', evidence: [] },
      });
    expect((await apply(good.id)).status).toBe(422);
    const applied = await apply(dishonest.id);
    expect(applied.status, show(applied)).toBe(201);
    const id = (applied.body as { id: string }).id;
    const base = `/api/v1/repairs/${id}`;
    const view = async () => (await h.request('GET', base, { token: deptA })).body as { state: string; department: string };

    expect(allowedRepairSteps(await view(), regulatorB)).toEqual([]);
    expect((await h.request('POST', `${base}/acceptance`, { token: deptB, body: { decision: 'accept' } })).status).toBe(403);
    expect(allowedRepairSteps(await view(), regulatorA)).toEqual(['accept', 'refuse']);
    expect((await h.request('POST', `${base}/decision`, { token: deptA, body: { decision: 'approve', reason: '整改到位' } })).status).toBe(
      409,
    );
    const accepted = await h.request('POST', `${base}/acceptance`, { token: deptA, body: { decision: 'accept', complex: false } });
    expect(accepted.status, show(accepted)).toBe(200);

    expect(allowedRepairSteps(await view(), regulatorA)).toEqual(['approve', 'reject']);
    expect((await h.request('POST', `${base}/acceptance`, { token: deptA, body: { decision: 'accept' } })).status).toBe(409);
    const approved = await h.request('POST', `${base}/decision`, { token: deptA, body: { decision: 'approve', reason: '整改到位' } });
    expect(approved.status, show(approved)).toBe(200);

    expect(allowedRepairSteps(await view(), regulatorA)).toEqual(['revoke']);
    expect((await h.request('POST', `${base}/decision`, { token: deptA, body: { decision: 'reject', reason: '不予修复' } })).status).toBe(
      409,
    );
    // The record repaired is no longer in effect: it is offered no more, and the verb refuses it too.
    const after = (await h.request('GET', `/api/v1/records/${dishonest.id}`, { token: deptA })).body as RepairableRecordFacts;
    expect(repairableTargets(actor, { records: [after], entries: [] }, '2026-11-20').records).toEqual([]);
    expect((await apply(dishonest.id)).status).toBe(409);
  });
});
