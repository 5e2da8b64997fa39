import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import { allowedRecordActions, awaitsDisplayDecision, type RecordFacts } from '../../src/features/records/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The steps a record allows, as features/records answers them for the console: the same answers the
 * console's record page gives (tests/web/console-credit.test.ts), and, for ending a held display, the
 * same rule endHeldDisplay applies.
 */
const regulatorA: Actor = { sub: 'reg-a', role: 'regulator', dept: DEPT_A };
const regulatorB: Actor = { sub: 'reg-b', role: 'regulator', dept: DEPT_B };
const reviewer: Actor = { sub: 'rev', role: 'reviewer', dept: DEPT_A };
const admin: Actor = { sub: 'admin', role: 'admin' };
const subject: Actor = { sub: 'subj', role: 'subject', uscc: '91210102QY90000187' };

const record = (overrides: Partial<RecordFacts> = {}): RecordFacts => ({
  supersededAt: null,
  department: DEPT_A,
  kind: 'dishonesty',
  severity: 'serious',
  decidedOn: '2026-11-02',
  shownUntil: '2029-11-02',
  voidedOn: null,
  obligationsUnmet: false,
  endReason: null,
  ...overrides,
});

const nothing = { propose: [], correct: false, obligations: false, displayEnd: false };

describe('allowedRecordActions', () => {
  it('lets the deciding department propose black and watch from a serious record in effect, watch only from a lesser one', () => {
    expect(allowedRecordActions(record(), regulatorA, '2026-11-20')).toEqual({
      propose: ['black', 'watch'],
      correct: true,
      obligations: false,
      displayEnd: false,
    });
    expect(allowedRecordActions(record({ severity: 'general' }), regulatorA, '2026-11-20').propose).toEqual(['watch']);
    expect(allowedRecordActions(record({ kind: 'good', severity: null }), regulatorA, '2026-11-20').propose).toEqual([]);
    expect(allowedRecordActions(record({ endReason: 'repaired', shownUntil: '2026-11-19' }), regulatorA, '2026-11-20').propose).toEqual([]);
  });

  it('gives an admin the changes but not a proposal, and nothing to another department, a reviewer or the subject', () => {
    expect(allowedRecordActions(record(), admin, '2026-11-20')).toEqual({ ...nothing, correct: true });
    for (const actor of [regulatorB, reviewer, subject]) expect(allowedRecordActions(record(), actor, '2026-11-20')).toEqual(nothing);
  });

  it('offers the decision to end a display only once a record with unmet obligations is held past its shown period', () => {
    const held = record({ severity: 'general', decidedOn: '2023-06-01', shownUntil: '2026-06-01', obligationsUnmet: true });
    expect(allowedRecordActions(held, regulatorA, '2026-06-01')).toEqual({
      propose: ['watch'],
      correct: true,
      obligations: true,
      displayEnd: false,
    });
    expect(allowedRecordActions(held, regulatorA, '2026-06-02')).toEqual({
      propose: ['watch'],
      correct: true,
      obligations: true,
      displayEnd: true,
    });
    const ended = { ...held, endReason: 'ended_by_decision' };
    expect(allowedRecordActions(ended, regulatorA, '2026-11-20')).toEqual({ ...nothing, correct: true, obligations: true });
    const voided = { ...held, voidedOn: '2026-07-01', endReason: 'voided' };
    expect(allowedRecordActions(voided, regulatorA, '2026-11-20')).toEqual(nothing);
  });
});

describe('endHeldDisplay decides by the same rule', () => {
  const clock = settableClock(onDay('2026-11-20'));
  let h: Harness;
  let deptA: string;

  beforeAll(async () => {
    h = await createHarness({ clock });
    deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  });
  afterAll(async () => h.close());

  it('ends a held record it offers, and refuses a running one it does not', async () => {
    const { uscc } = await createSubject(h, deptA);
    // Decided 2023-06-01 (一般: at most 3 years): shown until 2026-06-01, held since for unmet obligations.
    const held = await createRecord(h, deptA, uscc, { decidedOn: '2023-06-01', obligationsUnmet: true });
    const running = await createRecord(h, deptA, uscc, { decidedOn: '2026-06-01', obligationsUnmet: true });
    expect(awaitsDisplayDecision(held, '2026-11-20')).toBe(true);
    expect(allowedRecordActions(held, regulatorA, '2026-11-20').displayEnd).toBe(true);
    expect(awaitsDisplayDecision(running, '2026-11-20')).toBe(false);
    expect(allowedRecordActions(running, regulatorA, '2026-11-20').displayEnd).toBe(false);

    const end = (id: string) =>
      h.request('POST', `/api/v1/records/${id}/display-end`, { token: deptA, body: { reason: '按行业规定停止公示' } });
    const refused = await end(running.id);
    expect(refused.status, show(refused)).toBe(409);
    const ended = await end(held.id);
    expect(ended.status, show(ended)).toBe(200);
    expect(allowedRecordActions(ended.body, regulatorA, '2026-11-20').displayEnd).toBe(false);
    const again = await end(held.id);
    expect(again.status, show(again)).toBe(409);
  });
});
