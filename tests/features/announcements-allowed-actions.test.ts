import { describe, expect, it } from 'vitest';
import {
  cancellableYet,
  type OwnerFacts,
  ownerNextSteps,
  publicityOver,
  resultAwaitsDecision,
  selectionTimeCome,
  serviceMayStart,
  signupOpenAt,
} from '../../src/features/announcements/allowed-actions.js';
import { ratingPeriodOpen } from '../../src/features/ratings/index.js';

/**
 * The owner's next steps as features/announcements answers them for the applicant's console: the same
 * steps the console offers along an announcement's life (tests/web/console-applicant.test.ts), and the
 * rules of time its verbs check, on the boundary where each turns.
 */
const announcement = (state: string, mode = 'random'): OwnerFacts['announcement'] => ({
  state,
  mode,
  signupDeadline: '2026-11-26T09:00:00.000Z',
  selectionAt: '2026-11-27T03:00:00.000Z',
});
type Selection = NonNullable<OwnerFacts['selection']>;
const selection = (overrides: Partial<Selection> = {}): Selection => ({
  state: 'publicised',
  shortlist: [],
  pool: [
    { uscc: '91210102QY90000187', name: '甲公司' },
    { uscc: '91210102QY90000195', name: '乙公司' },
  ],
  objections: [],
  publicityEndsOn: '2026-12-02',
  contract: null,
  results: [],
  ...overrides,
});
const at = (iso: string) => new Date(iso);
const keys = (facts: OwnerFacts, now: string, today: string) =>
  ownerNextSteps(facts, at(now), today)
    .offered.map((o) => o.key)
    .sort();
const waits = (facts: OwnerFacts, now: string, today: string) => ownerNextSteps(facts, at(now), today).waiting.map((w) => w.why);

describe('the rules of time, on their boundaries', () => {
  it('sign-up closes at its deadline; the selection time has come at that moment', () => {
    expect(signupOpenAt('2026-11-26T09:00:00.000Z', at('2026-11-26T08:59:59.999Z'))).toBe(true);
    expect(signupOpenAt(new Date('2026-11-26T09:00:00.000Z'), at('2026-11-26T09:00:00.000Z'))).toBe(false);
    expect(selectionTimeCome('2026-11-27T03:00:00.000Z', at('2026-11-27T02:59:59.999Z'))).toBe(false);
    expect(selectionTimeCome(new Date('2026-11-27T03:00:00.000Z'), at('2026-11-27T03:00:00.000Z'))).toBe(true);
  });

  it('a draw is cancelled only before its selection time, a direct selection regardless', () => {
    const draw = { mode: 'random', selectionAt: '2026-11-27T03:00:00.000Z' };
    expect(cancellableYet(draw, at('2026-11-27T02:59:59Z'))).toBe(true);
    expect(cancellableYet(draw, at('2026-11-27T03:00:00Z'))).toBe(false);
    expect(cancellableYet({ ...draw, mode: 'direct' }, at('2026-11-28T03:00:00Z'))).toBe(true);
  });

  it('publicity runs through its last day; the service starts on its start day; a rating is taken through the last day', () => {
    expect(publicityOver('2026-12-02', '2026-12-02')).toBe(false);
    expect(publicityOver('2026-12-02', '2026-12-03')).toBe(true);
    expect(publicityOver(null, '2026-12-03')).toBe(true);
    expect(serviceMayStart('2026-12-05', '2026-12-04')).toBe(false);
    expect(serviceMayStart('2026-12-05', '2026-12-05')).toBe(true);
    expect(ratingPeriodOpen('2027-06-01', '2027-06-01')).toBe(true);
    expect(ratingPeriodOpen('2027-06-01', '2027-06-02')).toBe(false);
    expect(ratingPeriodOpen(null, '2027-06-01')).toBe(false);
    expect(resultAwaitsDecision('in_service', 'uploaded')).toBe(true);
    expect(resultAwaitsDecision('in_service', 'returned')).toBe(false);
    expect(resultAwaitsDecision('completed', 'uploaded')).toBe(false);
  });
});

describe('ownerNextSteps', () => {
  const none = { selection: null, rating: null };

  it('a draft: edit, publish and cancel before its sign-up deadline; after it, edit and cancel, saying why', () => {
    const draft = { announcement: announcement('draft'), ...none };
    expect(keys(draft, '2026-11-20T04:00:00Z', '2026-11-20')).toEqual(['cancel', 'edit', 'publish']);
    expect(keys(draft, '2026-11-26T09:00:00Z', '2026-11-26')).toEqual(['cancel', 'edit']);
    expect(ownerNextSteps(draft, at('2026-11-26T09:00:00Z'), '2026-11-26').waiting).toEqual([
      { why: 'signup_deadline_passed', signupDeadline: '2026-11-26T09:00:00.000Z' },
    ]);
  });

  it('signing up: cancel until the selection time, then the selection only (a draw is no longer cancelled)', () => {
    const open = { announcement: announcement('signing_up'), ...none };
    expect(keys(open, '2026-11-20T04:00:00Z', '2026-11-20')).toEqual(['cancel']);
    expect(ownerNextSteps(open, at('2026-11-20T04:00:00Z'), '2026-11-20').waiting).toEqual([
      {
        why: 'selection_time',
        signupOpen: true,
        signupDeadline: '2026-11-26T09:00:00.000Z',
        selectionAt: '2026-11-27T03:00:00.000Z',
      },
    ]);
    expect(keys(open, '2026-11-27T03:00:00Z', '2026-11-27')).toEqual(['selection']);
    const direct = { announcement: announcement('signing_up', 'direct'), ...none };
    expect(keys(direct, '2026-11-27T03:00:00Z', '2026-11-27')).toEqual(['cancel', 'selection']);
    expect(keys({ announcement: announcement('selecting'), ...none }, '2026-11-27T03:00:01Z', '2026-11-27')).toEqual(['selection']);
  });

  it('selected: the pick from the short list; confirmation after the publicity and once no objection is open; then the contract', () => {
    const picking = {
      announcement: announcement('selected'),
      selection: selection({ state: 'awaiting_pick', shortlist: ['91210102QY90000195', '91210102QY90000187'] }),
      rating: null,
    };
    expect(ownerNextSteps(picking, at('2026-11-27T04:00:00Z'), '2026-11-27').offered).toEqual([
      {
        key: 'pick',
        shortlist: [
          { uscc: '91210102QY90000195', name: '乙公司' },
          { uscc: '91210102QY90000187', name: '甲公司' },
        ],
      },
    ]);
    const publicised = { announcement: announcement('selected'), selection: selection(), rating: null };
    expect(keys(publicised, '2026-12-02T04:00:00Z', '2026-12-02')).toEqual([]);
    expect(waits(publicised, '2026-12-02T04:00:00Z', '2026-12-02')).toEqual(['publicity']);
    expect(keys(publicised, '2026-12-03T04:00:00Z', '2026-12-03')).toEqual(['confirm']);
    const objected = { ...publicised, selection: selection({ objections: [{ state: 'filed' }, { state: 'rejected' }] }) };
    expect(keys(objected, '2026-12-03T04:00:00Z', '2026-12-03')).toEqual([]);
    expect(ownerNextSteps(objected, at('2026-12-03T04:00:00Z'), '2026-12-03').waiting).toEqual([{ why: 'objections_open', count: 1 }]);
    const confirmed = { ...publicised, selection: selection({ state: 'confirmed' }) };
    expect(keys(confirmed, '2026-12-03T04:00:00Z', '2026-12-03')).toEqual(['contract']);
  });

  it('under contract: the extension; the start from the contract’s start day; in service: a result to decide once uploaded', () => {
    const contract = { startsOn: '2026-12-05' };
    const filed = { announcement: announcement('under_contract'), selection: selection({ state: 'confirmed', contract }), rating: null };
    expect(keys(filed, '2026-12-04T04:00:00Z', '2026-12-04')).toEqual(['extension']);
    expect(waits(filed, '2026-12-04T04:00:00Z', '2026-12-04')).toEqual(['service_starts']);
    expect(keys(filed, '2026-12-05T04:00:00Z', '2026-12-05')).toEqual(['extension', 'start']);
    const serving = { ...filed, announcement: announcement('in_service') };
    expect(keys(serving, '2026-12-07T04:00:00Z', '2026-12-07')).toEqual(['extension']);
    expect(waits(serving, '2026-12-07T04:00:00Z', '2026-12-07')).toEqual(['result_awaited']);
    const uploaded = {
      ...serving,
      selection: selection({ state: 'confirmed', contract, results: [{ state: 'uploaded', document: '审查意见书 A-1' }] }),
    };
    expect(ownerNextSteps(uploaded, at('2026-12-07T04:00:00Z'), '2026-12-07').offered).toEqual([
      { key: 'result-decision', document: '审查意见书 A-1' },
      { key: 'extension' },
    ]);
    const returned = {
      ...serving,
      selection: selection({ state: 'confirmed', contract, results: [{ state: 'returned', document: 'A-1' }] }),
    };
    expect(waits(returned, '2026-12-07T04:00:00Z', '2026-12-07')).toEqual(['result_returned']);
  });

  it('completed: the rating within its period, once; then nothing', () => {
    const completed = (rating: OwnerFacts['rating']) => ({
      announcement: announcement('completed'),
      selection: selection({ state: 'confirmed' }),
      rating,
    });
    expect(
      ownerNextSteps(completed({ ratedOn: null, lastDay: '2027-06-07', periodOpen: true }), at('2026-12-08T04:00:00Z'), '2026-12-08')
        .offered,
    ).toEqual([{ key: 'rating', lastDay: '2027-06-07' }]);
    expect(waits(completed({ ratedOn: null, lastDay: '2027-06-07', periodOpen: false }), '2027-06-08T04:00:00Z', '2027-06-08')).toEqual([
      'rating_closed',
    ]);
    expect(
      keys(completed({ ratedOn: '2026-12-08', lastDay: '2027-06-07', periodOpen: true }), '2026-12-08T04:00:00Z', '2026-12-08'),
    ).toEqual([]);
    expect(
      waits(completed({ ratedOn: '2026-12-08', lastDay: '2027-06-07', periodOpen: true }), '2026-12-08T04:00:00Z', '2026-12-08'),
    ).toEqual(['rated']);
    expect(waits(completed(null), '2026-12-08T04:00:00Z', '2026-12-08')).toEqual(['completed']);
  });

  it('failed and cancelled: nothing to do, saying so', () => {
    for (const state of ['failed', 'cancelled'] as const) {
      const ended = { announcement: announcement(state), ...none };
      expect(keys(ended, '2026-12-01T04:00:00Z', '2026-12-01')).toEqual([]);
      expect(waits(ended, '2026-12-01T04:00:00Z', '2026-12-01')).toEqual([state]);
    }
  });
});
