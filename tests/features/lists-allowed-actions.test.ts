import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Actor } from '../../src/core/actor.js';
import {
  allowedEntryActions,
  type EntryFacts,
  exitReasonsByHand,
  mayRestBlackOn,
  statementWindowOpen,
} from '../../src/features/lists/index.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The steps a list entry allows, as features/lists answers them for the console: the same answers the
 * console's entry page gives (tests/web/console-credit.test.ts), and the same rules the transition verb
 * applies: an action offered on a day is one the verb takes that day, and one withheld is one it refuses.
 */
const SUBJECT = '91210102QY90000187';
const regulatorA: Actor = { sub: 'reg-a', role: 'regulator', dept: DEPT_A };
const regulatorB: Actor = { sub: 'reg-b', role: 'regulator', dept: DEPT_B };
const reviewer: Actor = { sub: 'rev', role: 'reviewer', dept: DEPT_B };
const admin: Actor = { sub: 'admin', role: 'admin' };
const subject: Actor = { sub: 'subj', role: 'subject', uscc: SUBJECT };
const otherSubject: Actor = { sub: 'other', role: 'subject', uscc: '91210102QY90000195' };

const entry = (overrides: Partial<EntryFacts> = {}): EntryFacts => ({
  state: 'proposed',
  list: 'black',
  department: DEPT_A,
  subjectUscc: SUBJECT,
  validUntil: '2029-11-01',
  dueOn: null,
  statement: null,
  ...overrides,
});

describe('allowedEntryActions', () => {
  it('offers a proposed entry to its department (notify, withdraw), nothing to a reviewer, a subject or another department', () => {
    const proposed = entry();
    expect(allowedEntryActions(proposed, regulatorA, '2026-11-20')).toEqual(['notify', 'withdraw']);
    expect(allowedEntryActions(proposed, admin, '2026-11-20')).toEqual(['notify', 'withdraw']);
    expect(allowedEntryActions(proposed, reviewer, '2026-11-20')).toEqual([]);
    expect(allowedEntryActions(proposed, subject, '2026-11-20')).toEqual([]);
    expect(allowedEntryActions(proposed, regulatorB, '2026-11-20')).toEqual([]);
  });

  it('during the statement window: withdraw for the department, the statement for the subject, publishing for no one', () => {
    const notified = entry({ state: 'notified', dueOn: '2026-11-27' });
    for (const today of ['2026-11-20', '2026-11-27']) {
      expect(allowedEntryActions(notified, regulatorA, today)).toEqual(['withdraw']);
      expect(allowedEntryActions(notified, reviewer, today)).toEqual([]);
      expect(allowedEntryActions(notified, subject, today)).toEqual(['statement']);
      expect(allowedEntryActions(notified, otherSubject, today)).toEqual([]);
    }
  });

  it('after the window, or once the subject has stated its case, publishing for a reviewer; a statement only once, in time', () => {
    const notified = entry({ state: 'notified', dueOn: '2026-11-27' });
    expect(allowedEntryActions(notified, reviewer, '2026-11-28')).toEqual(['publish']);
    expect(allowedEntryActions(notified, admin, '2026-11-28')).toEqual(['publish', 'withdraw']);
    expect(allowedEntryActions(notified, subject, '2026-11-28')).toEqual([]);
    const stated = { ...notified, statement: '我方已整改' };
    expect(allowedEntryActions(stated, reviewer, '2026-11-21')).toEqual(['publish']);
    expect(allowedEntryActions(stated, subject, '2026-11-21')).toEqual([]);
  });

  it('a published entry exits by hand (a change of standard; revoked if red; expired after its validity), and the final states offer nothing', () => {
    const published = entry({ state: 'published' });
    expect(allowedEntryActions(published, regulatorA, '2026-12-01')).toEqual(['exit']);
    expect(allowedEntryActions(published, reviewer, '2026-12-01')).toEqual(['exit']);
    expect(allowedEntryActions(published, subject, '2026-12-01')).toEqual([]);
    expect(exitReasonsByHand(published, '2026-12-01')).toEqual(['standard_changed']);
    expect(exitReasonsByHand({ ...published, list: 'red' }, '2026-12-01')).toEqual(['standard_changed', 'revoked']);
    expect(exitReasonsByHand(published, '2029-11-01'), 'still valid on its last day').toEqual(['standard_changed']);
    expect(exitReasonsByHand(published, '2029-11-02')).toEqual(['standard_changed', 'expired']);
    for (const state of ['withdrawn', 'exited'] as const) {
      for (const actor of [regulatorA, reviewer, admin, subject])
        expect(allowedEntryActions(entry({ state }), actor, '2026-12-01')).toEqual([]);
    }
  });

  it('the window runs through its due day; a black entry rests on a serious record', () => {
    expect(statementWindowOpen('2026-11-27', '2026-11-27')).toBe(true);
    expect(statementWindowOpen('2026-11-27', '2026-11-28')).toBe(false);
    expect(mayRestBlackOn([{ severity: 'general' }, { severity: 'serious' }])).toBe(true);
    expect(mayRestBlackOn([{ severity: 'general' }, { severity: null }])).toBe(false);
  });
});

describe('the transition verb takes what is offered and refuses what is withheld', () => {
  const clock = settableClock(onDay('2026-11-20'));
  let h: Harness;
  let tokens: { regulator: string; reviewer: string };

  beforeAll(async () => {
    h = await createHarness({ clock });
    tokens = { regulator: await h.tokens.sign('regulator', { dept: DEPT_A }), reviewer: await h.tokens.sign('reviewer', { dept: DEPT_B }) };
  });
  afterAll(async () => h.close());
  beforeEach(() => clock.set(onDay('2026-11-20')));

  const actorOf = (role: 'reviewer' | 'subject', uscc?: string): Actor => (role === 'reviewer' ? reviewer : { ...subject, uscc });

  it('publishing on the last day of the window and on the next working day; a statement on the day after the window', async () => {
    const { uscc } = await createSubject(h, tokens.regulator);
    const record = await createRecord(h, tokens.regulator, uscc, { severity: 'serious', category: 'false_materials' });
    const proposed = await proposeEntry(h, tokens.regulator, {
      subjectUscc: uscc,
      list: 'black',
      recordIds: [record.id],
      validUntil: '2027-06-01',
    });
    const notified = await transition(h, tokens.regulator, proposed.id, 'notify');
    expect(notified.dueOn).toBe('2026-11-27');
    const subjectToken = await h.tokens.sign('subject', { uscc });

    const tryAs = async (token: string, action: string, extra: Record<string, unknown> = {}) =>
      h.request('POST', `/api/v1/list-entries/${proposed.id}/transitions`, { token, body: { action, reason: '依规办理', ...extra } });

    clock.set(onDay('2026-11-27'));
    const onDue = (await h.request('GET', `/api/v1/list-entries/${proposed.id}`, { token: tokens.regulator })).body as EntryFacts;
    expect(allowedEntryActions(onDue, actorOf('reviewer'), '2026-11-27')).not.toContain('publish');
    const early = await tryAs(tokens.reviewer, 'publish');
    expect(early.status, show(early)).toBe(409);

    clock.set(onDay('2026-11-30'));
    const after = (await h.request('GET', `/api/v1/list-entries/${proposed.id}`, { token: tokens.regulator })).body as EntryFacts;
    expect(allowedEntryActions(after, actorOf('subject', uscc), '2026-11-30')).not.toContain('statement');
    const late = await tryAs(subjectToken, 'statement', { statement: '逾期陈述' });
    expect(late.status, show(late)).toBe(409);
    expect(allowedEntryActions(after, actorOf('reviewer'), '2026-11-30')).toEqual(['publish']);
    const published = await tryAs(tokens.reviewer, 'publish');
    expect(published.status, show(published)).toBe(200);

    const exited = (await h.request('GET', `/api/v1/list-entries/${proposed.id}`, { token: tokens.regulator })).body as EntryFacts;
    expect(exitReasonsByHand(exited, '2026-11-30')).not.toContain('expired');
    const expired = await tryAs(tokens.regulator, 'exit', { reason: 'expired: 有效期届满' });
    expect(expired.status, show(expired)).toBe(422);
    const revoked = await tryAs(tokens.regulator, 'exit', { reason: 'revoked: 撤销' });
    expect(revoked.status, show(revoked)).toBe(422);
    const changed = await tryAs(tokens.regulator, 'exit', { reason: 'standard_changed: 标准调整' });
    expect(changed.status, show(changed)).toBe(200);
  });
});
