import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B, publishedEntry, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Issue 9, rules the code got only nearly right: each case with its dates worked out by hand. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let deptB: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  // Weekdays-only tables for the years these cases reach, so the repair deadlines can be counted.
  const admin = await h.tokens.sign('admin');
  for (const year of [2027, 2028, 2029]) {
    const res = await h.request('PUT', `/api/v1/calendar/${year}`, { token: admin, body: { holidays: [], workdays: [] } });
    expect(res.status, show(res)).toBe(200);
  }
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

async function subject() {
  const { uscc } = await createSubject(h, deptA);
  return { uscc, token: await h.tokens.sign('subject', { uscc }) };
}

const apply = (token: string, target: string, targetId: string) =>
  h.request('POST', '/api/v1/repairs', { token, body: { target, targetId, commitment: '已整改完毕，今后依法执业' } });

describe('repairableFrom is the first day a repair may really be asked for (#1)', () => {
  it('counts a penalty term past the minimum period: 严重 2026-06-01 with 限制从业 24 months → 2028-06-02', async () => {
    const s = await subject();
    // minimum 12 months → 2027-06-01, repairable 2027-06-02; 限制从业 24 months ends 2028-06-01 → 2028-06-02.
    const r = await createRecord(h, deptA, s.uscc, {
      severity: 'serious',
      decidedOn: '2026-06-01',
      penalties: [{ type: '限制从业', termMonths: 24 }],
    });
    expect(r.repairableFrom).toBe('2028-06-02');
    clock.set(onDay('2028-06-01'));
    const early = await apply(s.token, 'record', r.id);
    expect(early.status, show(early)).toBe(422);
    expect(early.body.penaltyEndsOn).toBe('2028-06-01');
    clock.set(onDay('2028-06-02'));
    const onTheDay = await apply(s.token, 'record', r.id);
    expect(onTheDay.status, show(onTheDay)).toBe(201);
  });
});

describe('no repair while obligations are unmet (#2)', () => {
  it('refuses to apply until the deciding department records the obligations met, and refuses approval if they are unmet again', async () => {
    const s = await subject();
    // 一般 decided 2025-11-03 (under 58号令: 3 months minimum) → repairable from 2026-02-04.
    const r = await createRecord(h, deptA, s.uscc, { decidedOn: '2025-11-03', obligationsUnmet: true });
    const refused = await apply(s.token, 'record', r.id);
    expect(refused.status, show(refused)).toBe(422);
    expect(refused.body).toMatchObject({ obligationsUnmet: true });
    expect(refused.body.detail).toContain('obligations');

    const byOther = await h.request('POST', `/api/v1/records/${r.id}/obligations-met`, {
      token: deptB,
      body: { documentNo: '沈建函〔2026〕9号', metOn: '2026-11-18' },
    });
    expect(byOther.status, show(byOther)).toBe(403);
    const met = await h.request('POST', `/api/v1/records/${r.id}/obligations-met`, {
      token: deptA,
      body: { documentNo: '沈人防函〔2026〕9号', metOn: '2026-11-18' },
    });
    expect(met.status, show(met)).toBe(200);
    expect(met.body).toMatchObject({
      obligationsUnmet: false,
      obligationsMetOn: '2026-11-18',
      obligationsMetDocumentNo: '沈人防函〔2026〕9号',
    });
    const again = await h.request('POST', `/api/v1/records/${r.id}/obligations-met`, {
      token: deptA,
      body: { documentNo: 'x', metOn: '2026-11-18' },
    });
    expect(again.status, show(again)).toBe(409);
    const audit = await h.db
      .selectFrom('audit.entries')
      .select('action')
      .where('entity_id', '=', r.id)
      .where('action', '=', 'record.obligations_met')
      .execute();
    expect(audit).toHaveLength(1);

    const applied = await apply(s.token, 'record', r.id);
    expect(applied.status, show(applied)).toBe(201);
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    // The department finds the obligations unmet after all (a correction), before it decides.
    await h.request('POST', `/api/v1/records/${r.id}/corrections`, {
      token: deptA,
      body: { obligationsUnmet: true, reason: '复查发现罚款未缴清' },
    });
    const approve = await h.request('POST', `/api/v1/repairs/${applied.body.id}/decision`, {
      token: deptA,
      body: { decision: 'approve', reason: '同意' },
    });
    expect(approve.status, show(approve)).toBe(422);
    expect(approve.body).toMatchObject({ obligationsUnmet: true });
  });
});

describe('a broken 信用修复型 commitment carries the false-materials sanction (#5)', () => {
  it('is shown 3 years with no early end and cannot be repaired for 3 years', async () => {
    const s = await subject();
    const made = await h.request('POST', '/api/v1/commitments', {
      token: deptA,
      body: {
        subjectUscc: s.uscc,
        type: 'credit_repair',
        reason: '申请信用修复',
        content: '承诺不再拖延出具报告',
        liability: '违诺的依法惩戒',
        madeOn: '2026-06-01',
        acceptingUnitName: '沈阳市人民防空办公室',
      },
    });
    expect(made.status, show(made)).toBe(201);
    const broken = await h.request('POST', `/api/v1/commitments/${made.body.id}/fulfilment`, {
      token: deptA,
      body: { status: 'partial', decidedOn: '2026-11-02', documentNo: `违诺〔2026〕${Date.now()}号` },
    });
    expect(broken.status, show(broken)).toBe(200);
    const record = await h.request('GET', `/api/v1/records/${broken.body.recordId}`, { token: deptA });
    // 2026-11-02 + 3 years = 2029-11-02: shown through it, repair blocked through it, repairable the day after.
    expect(record.body).toMatchObject({
      severity: 'general',
      public: true,
      shownUntil: '2029-11-02',
      repairBlockedUntil: '2029-11-02',
      repairableFrom: '2029-11-03',
    });
    clock.set(onDay('2027-12-01'));
    const early = await apply(s.token, 'record', broken.body.recordId);
    expect(early.status, show(early)).toBe(422);
    expect(early.body.blockedUntil).toBe('2029-11-02');
  });
});

describe('a department acts only on its own records (#21)', () => {
  it("may not list an entry resting on another department's records", async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2026-10-01' });
    const res = await h.request('POST', '/api/v1/list-entries', {
      token: deptB,
      body: {
        subjectUscc: s.uscc,
        list: 'black',
        reason: 'r',
        basis: 'b',
        documentNo: `B-${Date.now()}`,
        recordIds: [r.id],
        validUntil: '2027-12-31',
      },
    });
    expect(res.status, show(res)).toBe(403);
    expect(res.body.detail).toContain(r.id);
  });

  it("revoking an entry's repair lists the entry again and leaves the records it rests on as they were", async () => {
    const s = await subject();
    // 严重 decided 2025-03-03 under 58号令 (3 months minimum): repairable long since.
    const r = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2025-03-03' });
    const before = (await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA })).body;
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: s.uscc, list: 'black', recordIds: [r.id], validUntil: '2027-12-31' },
    );
    const applied = await apply(s.token, 'listEntry', entry.id);
    expect(applied.status, show(applied)).toBe(201);
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    const approved = await h.request('POST', `/api/v1/repairs/${applied.body.id}/decision`, {
      token: deptA,
      body: { decision: 'approve', reason: '整改到位' },
    });
    expect(approved.status, show(approved)).toBe(200);
    expect((await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA })).body).toMatchObject({
      state: 'exited',
      exitReason: 'repaired',
    });

    const revoked = await h.request('POST', `/api/v1/repairs/${applied.body.id}/revocation`, {
      token: deptA,
      body: { reason: '整改材料虚假' },
    });
    expect(revoked.status, show(revoked)).toBe(200);
    expect((await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA })).body).toMatchObject({
      state: 'published',
      exitReason: null,
      exitedOn: null,
    });
    const after = (await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA })).body;
    expect({ shownUntil: after.shownUntil, repairBlockedUntil: after.repairBlockedUntil, endReason: after.endReason }).toEqual({
      shownUntil: before.shownUntil,
      repairBlockedUntil: null,
      endReason: before.endReason,
    });
  });
});

describe('evaluation history never changes silently (#7)', () => {
  it('refuses a rule set taking effect before today', async () => {
    const admin = await h.tokens.sign('admin');
    const body = {
      version: `back-${Date.now()}`,
      effectiveFrom: '2026-11-19',
      base: 100,
      deductions: { minor: 1, general: 15, serious: 40 },
      goodAddition: 3,
      additionCap: 9,
      gradeMinimums: { AAA: 90, AA: 80, A: 70, B: 60 },
    };
    const backdated = await h.request('POST', '/api/v1/evaluation/rule-sets', { token: admin, body });
    expect(backdated.status, show(backdated)).toBe(422);
    expect(backdated.body.detail).toContain('2026-11-20');
    const fromToday = await h.request('POST', '/api/v1/evaluation/rule-sets', {
      token: admin,
      body: { ...body, version: `today-${Date.now()}`, effectiveFrom: '2026-11-20' },
    });
    expect(fromToday.status, show(fromToday)).toBe(201);
  });

  it('keeps a stored yearly run final: running the year again is 409 unless superseded with a reason, and both runs stay', async () => {
    const first = await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2024 } });
    expect(first.status, show(first)).toBe(201);
    expect(first.body).toMatchObject({ supersedes: null, supersedeReason: null });
    const again = await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2024 } });
    expect(again.status, show(again)).toBe(409);
    expect(again.body.runId).toBe(first.body.id);
    const noReason = await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2024, supersede: true } });
    expect(noReason.status, show(noReason)).toBe(400);
    const second = await h.request('POST', '/api/v1/evaluations/runs', {
      token: reviewer,
      body: { year: 2024, supersede: true, reason: '规则勘误后重算' },
    });
    expect(second.status, show(second)).toBe(201);
    expect(second.body).toMatchObject({ supersedes: first.body.id, supersedeReason: '规则勘误后重算' });
    const runs = await h.db
      .selectFrom('credit.evaluation_runs')
      .select(['id', 'superseded_by'])
      .where('year', '=', 2024)
      .orderBy('started_at')
      .execute();
    expect(runs).toEqual([
      { id: first.body.id, superseded_by: second.body.id },
      { id: second.body.id, superseded_by: null },
    ]);
  });
});

describe('list candidates (#8)', () => {
  async function candidates(list: 'red' | 'black') {
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { status: number; body: any; text: string; headers: Headers } = await h.request(
        'GET',
        `/api/v1/list-candidates?list=${list}&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { token: deptA },
      );
      expect(res.status, show(res)).toBe(200);
      all.push(...res.body.items.map((c: { uscc: string }) => c.uscc));
      cursor = res.body.nextCursor;
    } while (cursor);
    return all;
  }

  it('suggests for the red list only subjects with no dishonesty at any time in the evaluated year, and not those already listed', async () => {
    const clean = await subject();
    // A 轻微 record of 2025-02-01 was shown until 2025-05-01: gone by year end (still AAA), but it fell in 2025.
    const blemished = await subject();
    await createRecord(h, deptA, blemished.uscc, { severity: 'minor', decidedOn: '2025-02-01', penalties: [{ type: '警告' }] });
    const listed = await subject();
    const run = await h.request('POST', '/api/v1/evaluations/runs', {
      token: reviewer,
      body: { year: 2025, supersede: true, reason: '新增主体' },
    });
    expect(run.status, show(run)).toBe(201);
    await publishedEntry(
      h,
      { regulator: deptA, reviewer },
      { subjectUscc: listed.uscc, list: 'red', recordIds: [], validUntil: '2027-12-31' },
    );
    const red = await candidates('red');
    expect(red).toContain(clean.uscc);
    expect(red).not.toContain(blemished.uscc);
    expect(red).not.toContain(listed.uscc);
  });

  it('suggests for the black list only subjects not already on it', async () => {
    const onList = await subject();
    const serious = await createRecord(h, deptA, onList.uscc, { severity: 'serious', decidedOn: '2026-10-01' });
    const notYet = await subject();
    await createRecord(h, deptA, notYet.uscc, { severity: 'serious', decidedOn: '2026-10-02' });
    await publishedEntry(
      h,
      { regulator: deptA, reviewer },
      { subjectUscc: onList.uscc, list: 'black', recordIds: [serious.id], validUntil: '2027-12-31' },
    );
    const black = await candidates('black');
    expect(black).toContain(notYet.uscc);
    expect(black).not.toContain(onList.uscc);
  });
});

describe('the signed status for a day (#9)', () => {
  it('names the subject as it was named that day', async () => {
    const s = await subject();
    const old = (await h.request('GET', `/api/v1/subjects/${s.uscc}`, { token: deptA })).body.name;
    clock.set(onDay('2026-11-25'));
    const renamed = await h.request('PATCH', `/api/v1/subjects/${s.uscc}`, { token: deptA, body: { name: '沈阳更名后咨询有限公司' } });
    expect(renamed.status, show(renamed)).toBe(200);
    const before = await h.request('GET', `/api/v1/public/subjects/${s.uscc}/status?on=2026-11-24`);
    expect(before.body.status.name).toBe(old);
    const onTheDay = await h.request('GET', `/api/v1/public/subjects/${s.uscc}/status?on=2026-11-25`);
    expect(onTheDay.body.status.name).toBe('沈阳更名后咨询有限公司');
  });

  it('still lists an entry under voidedEntries on the day it is voided', async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2026-10-01' });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: s.uscc, list: 'black', recordIds: [r.id], validUntil: '2027-12-31' },
    );
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'listEntry', targetId: entry.id, grounds: '列入依据有误' },
    });
    expect(objection.status, show(objection)).toBe(201);
    const platform = await h.tokens.sign('platform');
    expect((await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: platform })).status).toBe(200);
    const upheld = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '依据错误' },
    });
    expect(upheld.status, show(upheld)).toBe(200);
    const today = clock.today();
    const status = await h.request('GET', `/api/v1/public/subjects/${s.uscc}/status?on=${today}`);
    expect(status.body.status).toMatchObject({ black: false, entries: [], voidedEntries: [{ id: entry.id, list: 'black' }] });
  });
});

describe('objections (#6)', () => {
  it('are forwarded by the platform, not by the deciding department', async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { decidedOn: '2026-06-01' });
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'record', targetId: r.id, grounds: '期限有误' },
    });
    const byDept = await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: deptA });
    expect(byDept.status, show(byDept)).toBe(403);
    const platform = await h.tokens.sign('platform');
    const read = await h.request('GET', `/api/v1/objections/${objection.body.id}`, { token: platform });
    expect(read.status, show(read)).toBe(200);
    const byPlatform = await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: platform });
    expect(byPlatform.status, show(byPlatform)).toBe(200);
  });

  it('may be made against a revocation: upheld, the repair stands again and the record ends without the sanction', async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { decidedOn: '2025-06-02' });
    const applied = await apply(s.token, 'record', r.id);
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/decision`, {
      token: deptA,
      body: { decision: 'approve', reason: '整改到位' },
    });
    const revoked = await h.request('POST', `/api/v1/repairs/${applied.body.id}/revocation`, {
      token: deptA,
      body: { reason: '材料虚假' },
    });
    expect(revoked.status, show(revoked)).toBe(200);
    expect((await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA })).body).toMatchObject({
      endReason: null,
      repairBlockedUntil: '2029-11-20',
    });
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'repair', targetId: applied.body.id, grounds: '材料真实，撤销有误' },
    });
    expect(objection.status, show(objection)).toBe(201);
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: await h.tokens.sign('platform') });
    const upheld = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '撤销依据不足' },
    });
    expect(upheld.status, show(upheld)).toBe(200);
    expect((await h.request('GET', `/api/v1/repairs/${applied.body.id}`, { token: deptA })).body).toMatchObject({
      state: 'approved',
      revokedOn: null,
    });
    // Ended again on 2026-11-20 (shown through the day before), and no sanction left.
    expect((await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA })).body).toMatchObject({
      endReason: 'repaired',
      shownUntil: '2026-11-19',
      repairBlockedUntil: null,
    });
  });
});

describe('objections partly upheld (#6)', () => {
  it('correct the record as a new revision linked to the objection, in the same decision', async () => {
    const s = await subject();
    // Recorded as decided 2026-06-01 (一般 under 36号令: shown 12 months, to 2027-06-01); it was decided 2026-05-01.
    const r = await createRecord(h, deptA, s.uscc, { decidedOn: '2026-06-01' });
    expect(r.displayUntil).toBe('2027-06-01');
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'record', targetId: r.id, grounds: '决定日期有误' },
    });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: await h.tokens.sign('platform') });
    const missing = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'partly_upheld', reason: '日期错误' },
    });
    expect(missing.status, show(missing)).toBe(400);
    const decided = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'partly_upheld', reason: '决定日期应为 2026-05-01', correction: { decidedOn: '2026-05-01' } },
    });
    expect(decided.status, show(decided)).toBe(200);
    expect(decided.body.state).toBe('partly_upheld');
    const record = (await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA })).body;
    // 2026-05-01 + 12 months = 2027-05-01; the record stands (not voided), revision 2 names the objection.
    expect(record).toMatchObject({
      revision: 2,
      decidedOn: '2026-05-01',
      displayUntil: '2027-05-01',
      voidedOn: null,
      objectionId: objection.body.id,
    });
    expect(record.history.map((v: { revision: number }) => v.revision)).toEqual([1, 2]);
  });

  it('is refused for a list entry (only a record is corrected)', async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2026-10-01' });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: s.uscc, list: 'black', recordIds: [r.id], validUntil: '2027-12-31' },
    );
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'listEntry', targetId: entry.id, grounds: '期限过长' },
    });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: await h.tokens.sign('platform') });
    const decided = await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'partly_upheld', reason: 'x', correction: { decidedOn: '2026-09-01' } },
    });
    expect(decided.status, show(decided)).toBe(422);
    expect((await h.request('GET', `/api/v1/objections/${objection.body.id}`, { token: deptA })).body.state).toBe('forwarded');
  });
});

describe('the class follows the penalty, as data (#3)', () => {
  it('refuses a record whose class is below what its penalties imply, naming the penalty', async () => {
    const s = await subject();
    const res = await h.request('POST', '/api/v1/records', {
      token: deptA,
      body: recordBody(s.uscc, { severity: 'general', penalties: [{ type: '罚款' }, { type: '吊销许可证件' }] }),
    });
    expect(res.status, show(res)).toBe(422);
    expect(res.body).toMatchObject({ penalty: '吊销许可证件', leastSeverity: 'serious' });
    expect(res.body.detail).toContain('吊销许可证件');
  });

  it("lets a department's own standard prevail for its records", async () => {
    const admin = await h.tokens.sign('admin');
    const loaded = await h.request('PUT', `/api/v1/sector-standards/${DEPT_A}`, {
      token: admin,
      body: { documentNo: '沈人防发〔2026〕20号', items: [{ penaltyType: '罚款', leastSeverity: 'general' }] },
    });
    expect(loaded.status, show(loaded)).toBe(200);
    const table = await h.request('GET', '/api/v1/catalogue/penalty-classes');
    expect(table.body.standards).toContainEqual(
      expect.objectContaining({ department: DEPT_A, penaltyType: '罚款', leastSeverity: 'general' }),
    );
    const s = await subject();
    const minorFine = (token: string) =>
      h.request('POST', '/api/v1/records', { token, body: recordBody(s.uscc, { severity: 'minor', penalties: [{ type: '罚款' }] }) });
    const mine = await minorFine(deptA);
    expect(mine.status, show(mine)).toBe(422);
    expect(mine.body.detail).toContain("department's own standard");
    const theirs = await minorFine(deptB);
    expect(theirs.status, show(theirs)).toBe(201);
    await h.request('PUT', `/api/v1/sector-standards/${DEPT_A}`, { token: admin, body: { documentNo: '沈人防发〔2026〕21号', items: [] } });
  });

  it("applies the safety minimum by the record's sector, and the construction rule as a rule row", async () => {
    const s = await subject();
    // 58号令 era, 一般: 3 months minimum in general, at least a year in 特种设备/安全生产/消防.
    const plain = await createRecord(h, deptA, s.uscc, { decidedOn: '2025-06-03' });
    const safety = await createRecord(h, deptA, s.uscc, { decidedOn: '2025-06-03', sector: 'safety' });
    expect(plain).toMatchObject({ sector: 'intermediary', repairableFrom: '2025-09-04' });
    expect(safety).toMatchObject({ sector: 'safety', repairableFrom: '2026-06-04' });
    // 建市〔2017〕241号: 6 months to 3 years for construction-market records (36号令 一般 would be 3–12 months).
    const construction = await createRecord(h, deptA, s.uscc, { category: 'subcontracting_or_lending', decidedOn: '2026-06-01' });
    expect(construction).toMatchObject({
      sector: 'construction',
      ruleVersion: '建市241号-2017',
      repairableFrom: '2026-12-02',
      displayUntil: '2029-06-01',
    });
  });
});

describe("revoking a record's repair (#21, #6)", () => {
  it('lists again the entries that repair had ended, and an upheld objection to the revocation ends them again', async () => {
    const s = await subject();
    const r = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2025-03-03' });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      { subjectUscc: s.uscc, list: 'black', recordIds: [r.id], validUntil: '2027-12-31' },
    );
    const applied = await apply(s.token, 'record', r.id);
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    await h.request('POST', `/api/v1/repairs/${applied.body.id}/decision`, {
      token: deptA,
      body: { decision: 'approve', reason: '整改到位' },
    });
    const state = async () => (await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA })).body.state;
    expect(await state()).toBe('exited');
    const revoked = await h.request('POST', `/api/v1/repairs/${applied.body.id}/revocation`, {
      token: deptA,
      body: { reason: '材料虚假' },
    });
    expect(revoked.status, show(revoked)).toBe(200);
    expect(await state()).toBe('published');
    const objection = await h.request('POST', '/api/v1/objections', {
      token: s.token,
      body: { target: 'repair', targetId: applied.body.id, grounds: '材料真实' },
    });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: await h.tokens.sign('platform') });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '撤销依据不足' },
    });
    expect(await state()).toBe('exited');
  });
});
