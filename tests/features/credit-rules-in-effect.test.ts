import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isRecordInEffect, recordInEffect } from '../../src/features/credit-rules/index.js';
import { addDays } from '../../src/lib/dates.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, type RecordView } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * "A record is in effect on day D" has one definition in two forms, side by side in
 * features/credit-rules: recordInEffect (SQL, for queries) and isRecordInEffect (over a record's view,
 * for what a page has already read). Here both answer for the same records on the days where the
 * answer turns: the day before the decision, the decision day, the last shown day and the day after.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => h.close());

type Revision = RecordView & { supersededAt: string | null };

async function revisionsOf(id: string): Promise<Revision[]> {
  const res = await h.request('GET', `/api/v1/records/${id}`, { token: deptA });
  expect(res.status, show(res)).toBe(200);
  return res.body.history as Revision[];
}

/** The current revision changed in place, as the lifecycle verbs change it. */
const change = (id: string, set: Record<string, unknown>) =>
  h.db.updateTable('credit.records').set(set).where('id', '=', id).where('superseded_at', 'is', null).execute();

async function sqlSays(id: string, revision: number, day: string): Promise<boolean> {
  const row = await h.db
    .selectFrom('credit.records as r')
    .select(recordInEffect('r', day).as('live'))
    .where('r.id', '=', id)
    .where('r.revision', '=', revision)
    .executeTakeFirstOrThrow();
  return row.live;
}

const boundaryDays = (r: Revision) => [
  addDays(r.decidedOn, -1),
  r.decidedOn,
  addDays(r.shownUntil, -1),
  r.shownUntil,
  addDays(r.shownUntil, 1),
  addDays(r.shownUntil, 400),
];

describe('recordInEffect (SQL) and isRecordInEffect (a view) agree', () => {
  it('on the boundary days of records running, held, ended, voided and superseded', async () => {
    const { uscc } = await createSubject(h, deptA);
    const make = (overrides: Record<string, unknown> = {}) => createRecord(h, deptA, uscc, { decidedOn: '2026-06-01', ...overrides });

    const running = await make();
    const held = await make({ obligationsUnmet: true });
    const heldEnded = await make({ obligationsUnmet: true });
    await change(heldEnded.id, { end_reason: 'ended_by_decision', ended_on: '2026-11-20' });
    const voided = await make();
    await change(voided.id, { voided_on: '2026-07-01', end_reason: 'voided', ended_on: '2026-07-01' });
    const repaired = await make();
    await change(repaired.id, { end_reason: 'repaired', ended_on: '2026-08-01', shown_until: '2026-07-31' });
    const corrected = await make({ severity: 'minor', penalties: [] });
    const res = await h.request('POST', `/api/v1/records/${corrected.id}/corrections`, {
      token: deptA,
      body: { severity: 'general', reason: '复核认定为一般' },
    });
    expect(res.status, show(res)).toBe(201);

    const expected: Record<string, boolean[]> = {
      // the day before, the decision day, the day before the last, the last shown day, the day after, long after
      [running.id]: [false, true, true, true, false, false],
      [held.id]: [false, true, true, true, true, true],
      [heldEnded.id]: [false, true, true, true, false, false],
      [voided.id]: [false, false, false, false, false, false],
      [repaired.id]: [false, true, true, true, false, false],
    };
    let compared = 0;
    for (const record of [running, held, heldEnded, voided, repaired, corrected]) {
      for (const revision of await revisionsOf(record.id)) {
        const days = boundaryDays(revision);
        const plain = days.map((day) => isRecordInEffect(revision, day));
        const inSql = await Promise.all(days.map((day) => sqlSays(record.id, revision.revision, day)));
        expect(plain, `${record.id} r${revision.revision} on ${days.join(', ')}`).toEqual(inSql);
        if (revision.supersededAt === null && expected[record.id]) expect(plain, record.id).toEqual(expected[record.id]);
        compared += days.length;
      }
    }
    const revisions = await revisionsOf(corrected.id);
    expect(revisions.map((r) => r.supersededAt === null)).toEqual([false, true]);
    // A superseded revision is never in effect, on any day; the current one is in effect from its decision.
    expect(boundaryDays(revisions[0]!).map((day) => isRecordInEffect(revisions[0]!, day))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(isRecordInEffect(revisions[1]!, revisions[1]!.decidedOn)).toBe(true);
    expect(compared).toBe(7 * 6);
  });
});
