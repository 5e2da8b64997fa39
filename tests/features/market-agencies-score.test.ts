import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { agencyScores } from '../../src/features/agencies/index.js';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, DEPT_A, goodRecord } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let admin: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => {
  await h.close();
});

/** A rating as the ratings feature stores it: on a selection of a completed announcement. */
async function rating(subjectId: string, dims: [number, number, number, number, number], ratedOn: string, setAside = false) {
  const now = new Date(onDay(ratedOn));
  const announcementId = newId('announcement', now);
  const selectionId = newId('selection', now);
  await h.db
    .insertInto('market.announcements')
    .values({
      id: announcementId,
      owner_sub: 'applicant:test',
      owner_name: '沈阳市某建设单位',
      project_code: '2026-210102-47-01-000001',
      project_name: '人防工程施工图审查',
      service: 'cd_drawing_review',
      region: '210102',
      fiscal: true,
      quote_kind: 'amount',
      signup_deadline: now,
      selection_at: now,
      qualification_match: 'any',
      mode: 'random',
      avoid: '[]',
      complaint_contact: '024-12345678',
      state: 'completed',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await h.db
    .insertInto('market.selections')
    .values({
      id: selectionId,
      announcement_id: announcementId,
      mode: 'random',
      state: 'confirmed',
      winner_subject_id: subjectId,
      made_by: 'test',
      made_at: now,
    })
    .execute();
  const [quality, timeliness, attitude, fee, conduct] = dims;
  await h.db
    .insertInto('market.ratings')
    .values({
      id: newId('rating', now),
      selection_id: selectionId,
      subject_id: subjectId,
      owner_sub: 'applicant:test',
      quality,
      timeliness,
      attitude,
      fee,
      conduct,
      rated_on: ratedOn,
      set_aside: setAside,
      created_at: now,
    })
    .execute();
}

async function verifiedComplaint(subjectId: string, decidedAt: string, recordId: string) {
  const id = newId('report', new Date(decidedAt));
  await h.db
    .insertInto('market.reports')
    .values({
      id,
      tracking_no: id.slice(-12),
      subject_id: subjectId,
      facts: '收取未公示费用',
      contact_name: '张三',
      contact_phone: '13800138000',
      state: 'verified',
      decision_reason: '查证属实',
      record_id: recordId,
      decided_at: new Date(decidedAt),
      received_at: new Date(decidedAt),
    })
    .execute();
}

describe('the 中介 evaluation scheme', () => {
  it('explains every point: regulators 70, public credit 10, social 20, under the rule version', async () => {
    const g = await admittedAgency(h, { regulator, admin });
    const general = await createRecord(h, regulator, g.uscc, { decidedOn: '2026-10-15' });
    const minor = await createRecord(h, regulator, g.uscc, { severity: 'minor', penalties: [{ type: '警告' }], decidedOn: '2026-10-16' });
    const good = await createRecord(h, regulator, g.uscc, goodRecord('2026-09-01'));
    // Three counted ratings: 24 + 20 + 19 = 63 of 75. One outside the 36-month window, one set aside: not counted.
    await rating(g.id, [5, 5, 5, 5, 4], '2026-10-01');
    await rating(g.id, [4, 4, 4, 4, 4], '2025-06-01');
    await rating(g.id, [3, 4, 5, 4, 3], '2024-01-10');
    await rating(g.id, [1, 1, 1, 1, 1], '2023-11-20');
    await rating(g.id, [1, 1, 1, 1, 1], '2026-11-01', true);
    // One verified complaint in the last year; one a year and a day old, no longer counted.
    // The counted one became the minor record, which the public does not see: its line names no record.
    await verifiedComplaint(g.id, '2026-03-01T02:00:00Z', minor.id);
    await verifiedComplaint(g.id, '2025-11-19T02:00:00Z', general.id);

    const res = await h.request('GET', `/api/v1/market/agencies/${g.uscc}/evaluation?asOf=2026-11-20`);
    expect(res.status, show(res)).toBe(200);
    // Hand count (rule 中介-2026.1):
    //   regulators  70 − 10 (general) + 2 (good) = 62; the minor record is not public, so it moves no public number;
    //   public      10 − 5 (one public dishonesty record) = 5;
    //   social      20 × 63 / 75 = 16.8 → 17 (half up), − 4 (a verified complaint) = 13;
    //   total 62 + 5 + 13 = 80 → AA (80 ≥ 80).
    expect(res.body).toMatchObject({ asOf: '2026-11-20', ruleVersion: '中介-2026.1', score: 80, grade: 'AA', forcedBottom: null });
    expect(res.body.parts).toEqual({ regulator: 62, public: 5, social: 13 });
    expect(res.body.lines.map((l: { part: string; source: string | null; effect: number }) => [l.part, l.source, l.effect])).toEqual([
      ['regulator', null, 70],
      ['regulator', good.id, 2],
      ['regulator', general.id, -10],
      ['public', null, 10],
      ['public', general.id, -5],
      ['social', null, 17],
      ['social', null, -4],
    ]);
    expect(res.body.lines[5].reason).toContain('20 × 63 / 75');
    expect(JSON.stringify(res.body)).not.toContain(minor.id);
    expect(JSON.stringify(res.body)).not.toContain('13800138000');
    const live = await agencyScores(h.db, [g.id], '2026-11-20');
    expect(live.get(g.id)).toEqual({ score: 80, grade: 'AA', ruleVersion: '中介-2026.1' });
  });

  it('clamps each part and forces C with a serious record in effect', async () => {
    const s = await admittedAgency(h, { regulator, admin });
    for (const decidedOn of ['2026-10-01', '2026-10-02', '2026-10-03'])
      await createRecord(h, regulator, s.uscc, { severity: 'serious', decidedOn });
    const res = await h.request('GET', `/api/v1/market/agencies/${s.uscc}/evaluation`);
    expect(res.status, show(res)).toBe(200);
    // regulators 70 − 3 × 30 = −20 → 0 (a line of +20); public 10 − 3 × 5 = −5 → 0 (+5); social 15 (no rating).
    expect(res.body).toMatchObject({ score: 15, grade: 'C', parts: { regulator: 0, public: 0, social: 15 } });
    expect(res.body.forcedBottom).toContain('serious record');
    const sum = res.body.lines.reduce((t: number, l: { effect: number }) => t + l.effect, 0);
    expect(sum).toBe(15);
  });
});
