import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../src/core/errors.js';
import * as commitments from '../../src/features/commitments/service.js';
import * as lists from '../../src/features/lists/machine.js';
import { Entry } from '../../src/features/lists/schemas.js';
import * as objections from '../../src/features/objections/service.js';
import * as repairs from '../../src/features/repairs/service.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, DEPT_B, recordBody, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Every state table, tested for every (state, action) pair against a table written here from the
 * domain rules (shared/domain.md §5–§6), not copied from the code: where the two disagree, this file
 * states the rule.
 */

type Table<S extends string, A extends string> = Record<S, Partial<Record<A, S>>>;

/** Every (state, action) pair of the full lists, with the target the spec expects (null: refused). */
function pairsOf<S extends string, A extends string>(states: readonly S[], actions: readonly A[], table: Table<S, A>) {
  return states.flatMap((state) => actions.map((action) => ({ state, action, to: table[state][action] ?? null })));
}

/** The error a call throws, or fails the test when it throws none. */
function thrown(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw, got a return');
}

function expectRefused(call: () => unknown, state: string) {
  const error = thrown(call);
  expect(error).toBeInstanceOf(DomainError);
  expect((error as DomainError).code).toBe('INVALID_TRANSITION');
  expect((error as DomainError).extra.state).toBe(state);
}

/** The code's table covers exactly the spec's states, and names no action outside the spec's list. */
function expectSameShape(code: Record<string, object>, states: readonly string[], actions: readonly string[]) {
  expect(Object.keys(code).sort()).toEqual([...states].sort());
  for (const state of states)
    expect(
      Object.keys(code[state]!).filter((a) => !actions.includes(a)),
      state,
    ).toEqual([]);
}

// ── List entries (domain §5) ──────────────────────────────────────────────────────────────────────

const LIST_STATES = ['proposed', 'notified', 'published', 'withdrawn', 'exited'] as const;
const LIST_ACTIONS = ['notify', 'statement', 'publish', 'withdraw', 'exit'] as const;
type ListState = (typeof LIST_STATES)[number];
type ListAction = (typeof LIST_ACTIONS)[number];
/** The registry's own move besides the actions people take through the transitions endpoint. */
const LIST_MOVES = [...LIST_ACTIONS, 'reinstate'] as const;
type ListMove = (typeof LIST_MOVES)[number];

const LIST_SPEC: Table<ListState, ListMove> = {
  // Before listing the subject is told (告知); a proposal not yet told can be dropped.
  proposed: { notify: 'notified', withdraw: 'withdrawn' },
  // The subject may state its case (陈述申辩) during the window; the entry stays notified. A reviewer
  // publishes, or the department withdraws (e.g. convinced by the statement).
  notified: { statement: 'notified', publish: 'published', withdraw: 'withdrawn' },
  // Published entries only exit (expiry, upheld objection, repair, standard changed, red revoked).
  published: { exit: 'exited' },
  // Final: the record is kept (记录留存), never moved again by people. One move of the registry's own:
  // an exit as repaired is undone when that repair is revoked for false materials (listed again).
  withdrawn: {},
  exited: { reinstate: 'published' },
};

// ── Credit repair (domain §6) ─────────────────────────────────────────────────────────────────────

const REPAIR_STATES = ['applied', 'accepted', 'refused', 'approved', 'rejected', 'revoked'] as const;
const REPAIR_STEPS = ['accept', 'refuse', 'approve', 'reject', 'revoke', 'reopen', 'reinstate'] as const;
type RepairState = (typeof REPAIR_STATES)[number];
type RepairStep = (typeof REPAIR_STEPS)[number];

const REPAIR_SPEC: Table<RepairState, RepairStep> = {
  // Accept or refuse within 3 working days (refusing tells everything missing at once).
  applied: { accept: 'accepted', refuse: 'refused' },
  // Decide within 7 working days of acceptance (+10 if complex).
  accepted: { approve: 'approved', reject: 'rejected' },
  // False materials or a broken promise proven later revoke an approved repair.
  approved: { revoke: 'revoked' },
  // An objection lies against a refused repair; upheld, it puts the repair back before the department.
  refused: { reopen: 'accepted' },
  rejected: { reopen: 'accepted' },
  // A revocation can be objected to as well (issue 9 #6); upheld, the repair stands again.
  revoked: { reinstate: 'approved' },
};

// ── Objections (domain §6) ────────────────────────────────────────────────────────────────────────

const OBJECTION_STATES = ['filed', 'forwarded', 'upheld', 'partly_upheld', 'rejected'] as const;
const OBJECTION_STEPS = ['forward', 'extend', 'uphold', 'partly_uphold', 'reject'] as const;
type ObjectionState = (typeof OBJECTION_STATES)[number];
type ObjectionStep = (typeof OBJECTION_STEPS)[number];

const OBJECTION_SPEC: Table<ObjectionState, ObjectionStep> = {
  // The platform forwards within 1 working day; nothing is decided before that.
  filed: { forward: 'forwarded' },
  // The department checks within 7 working days, and may extend with notice (the case stays forwarded).
  // Partly upheld (issue 9 #6): a wrong period or detail is corrected, the record stands.
  forwarded: { extend: 'forwarded', uphold: 'upheld', partly_uphold: 'partly_upheld', reject: 'rejected' },
  upheld: {},
  partly_upheld: {},
  rejected: {},
};

// ── Credit commitments (履行状态: 全部履行 / 部分履行 / 全部未履行, decided once) ────────────────────────

const COMMITMENT_STATUSES = ['pending', 'fulfilled', 'partial', 'unfulfilled'] as const;
const COMMITMENT_OUTCOMES = ['fulfilled', 'partial', 'unfulfilled'] as const;
type CommitmentStatus = (typeof COMMITMENT_STATUSES)[number];
type CommitmentOutcome = (typeof COMMITMENT_OUTCOMES)[number];

const COMMITMENT_SPEC: Record<CommitmentStatus, CommitmentOutcome[]> = {
  pending: ['fulfilled', 'partial', 'unfulfilled'],
  fulfilled: [],
  partial: [],
  unfulfilled: [],
};

describe('the list-entry table (pure)', () => {
  it("covers the spec's states and actions", () => {
    expect([...lists.ACTIONS].sort()).toEqual([...LIST_ACTIONS].sort());
    expectSameShape(lists.TRANSITIONS, LIST_STATES, LIST_MOVES);
  });

  it.each(pairsOf(LIST_STATES, LIST_MOVES, LIST_SPEC))('$action on $state → $to', ({ state, action, to }) => {
    if (to) expect(lists.nextState(state, action)).toBe(to);
    else expectRefused(() => lists.nextState(state, action), state);
  });
});

describe('the repair table (pure)', () => {
  it("covers the spec's states and steps", () => expectSameShape(repairs.TRANSITIONS, REPAIR_STATES, REPAIR_STEPS));

  it.each(pairsOf(REPAIR_STATES, REPAIR_STEPS, REPAIR_SPEC))('$action on $state → $to', ({ state, action, to }) => {
    if (to) expect(repairs.nextState(state, action)).toBe(to);
    else expectRefused(() => repairs.nextState(state, action), state);
  });
});

describe('the objection table (pure)', () => {
  it("covers the spec's states and steps", () => expectSameShape(objections.TRANSITIONS, OBJECTION_STATES, OBJECTION_STEPS));

  it.each(pairsOf(OBJECTION_STATES, OBJECTION_STEPS, OBJECTION_SPEC))('$action on $state → $to', ({ state, action, to }) => {
    if (to) expect(objections.nextState(state, action)).toBe(to);
    else expectRefused(() => objections.nextState(state, action), state);
  });
});

describe('the commitment table (pure)', () => {
  // No nextState here: the service checks TRANSITIONS[status].includes(outcome) and throws itself.
  it("covers the spec's statuses", () => {
    expect(Object.keys(commitments.TRANSITIONS).sort()).toEqual([...COMMITMENT_STATUSES].sort());
    for (const status of COMMITMENT_STATUSES) {
      expect(
        commitments.TRANSITIONS[status].filter((o) => !(COMMITMENT_OUTCOMES as readonly string[]).includes(o)),
        status,
      ).toEqual([]);
    }
  });

  it.each(
    COMMITMENT_STATUSES.flatMap((status) =>
      COMMITMENT_OUTCOMES.map((outcome) => ({ status, outcome, allowed: COMMITMENT_SPEC[status].includes(outcome) })),
    ),
  )('$status → $outcome allowed: $allowed', ({ status, outcome, allowed }) => {
    expect(commitments.TRANSITIONS[status].includes(outcome)).toBe(allowed);
  });
});

// ── The list-entry table through the API ──────────────────────────────────────────────────────────

describe('the list-entry table through the API', () => {
  const clock = settableClock(onDay('2026-11-20')); // a Friday
  let h: Harness;
  let regulator: string;
  let reviewer: string;
  let doc = 0;
  /** One black entry in each state, and a token of its subject. */
  const entries = {} as Record<ListState, { id: string; subject: string }>;

  const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) =>
    h.request('POST', `/api/v1/list-entries/${id}/transitions`, { token, body: { action, reason: `${action} for the test`, ...extra } });

  async function expectMoved(id: string, token: string, action: ListAction, to: ListState, extra: Record<string, unknown> = {}) {
    const res = await act(id, token, action, extra);
    expect(res.status, `${action}: ${show(res)}`).toBe(200);
    expect(res.body.state).toBe(to);
  }

  /** A subject with a serious record, and a black entry on it proposed by department A. */
  async function proposed() {
    const subjectRes = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody() });
    expect(subjectRes.status, show(subjectRes)).toBe(201);
    const uscc = subjectRes.body.uscc as string;
    const rec = await h.request('POST', '/api/v1/records', {
      token: regulator,
      body: recordBody(uscc, { severity: 'serious', decidedOn: '2026-10-15' }),
    });
    expect(rec.status, show(rec)).toBe(201);
    doc += 1;
    const res = await h.request('POST', '/api/v1/list-entries', {
      token: regulator,
      body: {
        subjectUscc: uscc,
        list: 'black',
        reason: '出具虚假评估报告',
        basis: '《失信行为认定办法》第五条',
        documentNo: `沈人防黑〔2026〕状态-${doc}号`,
        recordIds: [rec.body.id],
        validUntil: '2028-11-19',
      },
    });
    expect(res.status, show(res)).toBe(201);
    const entry = Entry.parse(res.body);
    expect(entry.state).toBe('proposed');
    return { id: entry.id, subject: await h.tokens.sign('subject', { uscc }) };
  }

  /** A token that would be allowed to take the action, and a body that would pass its own checks. */
  function attempt(action: ListAction, subject: string): { token: string; extra: Record<string, unknown> } {
    switch (action) {
      case 'notify':
        return { token: regulator, extra: { documentNo: '告知书〔2026〕状态号' } };
      case 'statement':
        return { token: subject, extra: { statement: '我方已整改，请求不予列入' } };
      case 'publish':
        return { token: reviewer, extra: {} };
      case 'withdraw':
        return { token: regulator, extra: {} };
      case 'exit':
        return { token: regulator, extra: { reason: 'standard_changed: 认定标准调整' } };
    }
  }

  beforeAll(async () => {
    h = await createHarness({ clock });
    regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    reviewer = await h.tokens.sign('reviewer', { dept: DEPT_B });

    entries.proposed = await proposed();

    entries.notified = await proposed();
    await expectMoved(entries.notified.id, regulator, 'notify', 'notified');

    entries.withdrawn = await proposed();
    await expectMoved(entries.withdrawn.id, regulator, 'notify', 'notified');
    await expectMoved(entries.withdrawn.id, regulator, 'withdraw', 'withdrawn');

    entries.published = await proposed();
    await expectMoved(entries.published.id, regulator, 'notify', 'notified');
    entries.exited = await proposed();
    await expectMoved(entries.exited.id, regulator, 'notify', 'notified');

    // Notified Friday 2026-11-20: the 5-working-day window ends Friday 11-27; publish on Monday 11-30.
    clock.set(onDay('2026-11-30'));
    await expectMoved(entries.published.id, reviewer, 'publish', 'published');
    await expectMoved(entries.exited.id, reviewer, 'publish', 'published');
    await expectMoved(entries.exited.id, regulator, 'exit', 'exited', { reason: 'standard_changed: 认定标准调整' });

    // The refusals below all happen on one later day, inside the entries' validity.
    clock.set(onDay('2026-12-01'));
  });
  afterAll(async () => {
    await h?.close();
  });

  const refusedPairs = pairsOf(LIST_STATES, LIST_ACTIONS, LIST_SPEC).filter((p) => p.to === null);

  it('refuses, in all, every pair the table does not allow', () => {
    expect(refusedPairs.map((p) => `${p.state}:${p.action}`)).toEqual([
      'proposed:statement',
      'proposed:publish',
      'proposed:exit',
      'notified:notify',
      'notified:exit',
      'published:notify',
      'published:statement',
      'published:publish',
      'published:withdraw',
      'withdrawn:notify',
      'withdrawn:statement',
      'withdrawn:publish',
      'withdrawn:withdraw',
      'withdrawn:exit',
      'exited:notify',
      'exited:statement',
      'exited:publish',
      'exited:withdraw',
      'exited:exit',
    ]);
  });

  it.each(refusedPairs)('answers 409 to $action on a $state entry, and leaves it unchanged', async ({ state, action }) => {
    const { id, subject } = entries[state];
    const before = await h.request('GET', `/api/v1/list-entries/${id}`, { token: regulator });
    expect(before.status, show(before)).toBe(200);
    expect(before.body.state).toBe(state);

    const { token, extra } = attempt(action, subject);
    const res = await act(id, token, action, extra);
    expect(res.status, show(res)).toBe(409);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'INVALID_TRANSITION', state });

    const after = await h.request('GET', `/api/v1/list-entries/${id}`, { token: regulator });
    expect(after.status, show(after)).toBe(200);
    expect(after.body).toEqual(before.body);
  });
});
