import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Evaluation } from '../../src/features/evaluation/schemas.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, goodRecord, recordBody, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock }); // today: 2026-11-20
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

async function newSubject(): Promise<string> {
  const res = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody() });
  expect(res.status, show(res)).toBe(201);
  return res.body.uscc;
}

async function addRecord(uscc: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const res = await h.request('POST', '/api/v1/records', { token: regulator, body: recordBody(uscc, overrides) });
  expect(res.status, show(res)).toBe(201);
  return res.body.id;
}

async function evaluate(uscc: string, asOf?: string) {
  const res = await h.request('GET', `/api/v1/subjects/${uscc}/evaluation${asOf ? `?asOf=${asOf}` : ''}`, { token: regulator });
  expect(res.status, show(res)).toBe(200);
  return Evaluation.parse(res.body);
}

describe('evaluation of one subject', () => {
  it('explains every point: the lines add up exactly to the score, additions capped', async () => {
    const uscc = await newSubject();
    const general = await addRecord(uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const minor = await addRecord(uscc, { severity: 'minor', decidedOn: '2026-10-01' });
    await addRecord(uscc, goodRecord('2025-01-10'));
    await addRecord(uscc, goodRecord('2025-03-10', 'award'));
    await addRecord(uscc, goodRecord('2025-05-10', 'excellent_service'));
    const e = await evaluate(uscc, '2026-11-20');
    expect(e.lines.reduce((s, l) => s + l.effect, 0)).toBe(e.score);
    expect(e.score).toBe(100 - 10 - 2 + 10);
    expect(e.grade).toBe('AAA');
    expect(e.lines[0]).toMatchObject({ recordId: null, effect: 100 });
    expect(e.lines.find((l) => l.recordId === general)?.effect).toBe(-10);
    expect(e.lines.find((l) => l.recordId === minor)?.effect).toBe(-2);
    expect(e.lines.filter((l) => l.reason.startsWith('good')).map((l) => l.effect)).toEqual([5, 5, 0]);
  });

  it('gives the same answer twice', async () => {
    const uscc = await newSubject();
    await addRecord(uscc, { severity: 'general' });
    expect(await evaluate(uscc, '2026-11-01')).toEqual(await evaluate(uscc, '2026-11-01'));
  });

  it('ignores records decided after the as-of date, and defaults to today', async () => {
    const uscc = await newSubject();
    await addRecord(uscc, { severity: 'general', decidedOn: '2026-06-01' });
    await addRecord(uscc, { severity: 'general', decidedOn: '2026-09-01' });
    expect((await evaluate(uscc, '2026-05-31')).score).toBe(100);
    expect((await evaluate(uscc, '2026-08-31')).score).toBe(90);
    expect((await evaluate(uscc)).asOf).toBe('2026-11-20');
    expect((await evaluate(uscc)).score).toBe(80);
  });

  it('forces grade C while a serious record is in its window, and not after', async () => {
    const uscc = await newSubject();
    await addRecord(uscc, { severity: 'serious', decidedOn: '2023-06-01', category: 'false_materials' }); // 58号令: until 2026-06-01
    const during = await evaluate(uscc, '2026-06-01');
    expect(during).toMatchObject({ score: 70, grade: 'C' });
    expect(during.forcedBottom).toContain('serious');
    const after = await evaluate(uscc, '2026-06-02');
    expect(after).toMatchObject({ score: 100, grade: 'AAA', forcedBottom: null });
  });

  it('floors the score at 0 with a line saying so', async () => {
    const uscc = await newSubject();
    for (let i = 0; i < 4; i++) await addRecord(uscc, { severity: 'serious', decidedOn: '2026-05-01' });
    const e = await evaluate(uscc, '2026-11-20');
    expect(e.score).toBe(0);
    expect(e.lines.at(-1)).toMatchObject({ recordId: null, effect: 20 });
    expect(e.lines.reduce((s, l) => s + l.effect, 0)).toBe(0);
  });

  it('lets a subject read its own evaluation only', async () => {
    const mine = await newSubject();
    const theirs = await newSubject();
    const token = await h.tokens.sign('subject', { uscc: mine });
    expect((await h.request('GET', `/api/v1/subjects/${mine}/evaluation`, { token })).status).toBe(200);
    expect((await h.request('GET', `/api/v1/subjects/${theirs}/evaluation`, { token })).status).toBe(403);
  });
});

describe('rule versions', () => {
  it('uses the rule set in force on the as-of date; an older date keeps the old version', async () => {
    const uscc = await newSubject();
    await addRecord(uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const admin = await h.tokens.sign('admin');
    // A version takes effect today at the earliest (issue 9 #7): this one was added in August for September.
    clock.set(onDay('2026-08-20'));
    const res = await h.request('POST', '/api/v1/evaluation/rule-sets', {
      token: admin,
      body: {
        version: '2026.9',
        effectiveFrom: '2026-09-01',
        base: 100,
        deductions: { minor: 1, general: 15, serious: 40 },
        goodAddition: 3,
        additionCap: 9,
        gradeMinimums: { AAA: 90, AA: 80, A: 70, B: 60 },
      },
    });
    expect(res.status, show(res)).toBe(201);
    expect(await evaluate(uscc, '2026-08-31')).toMatchObject({ ruleVersion: '2019.1', score: 90 });
    expect(await evaluate(uscc, '2026-09-01')).toMatchObject({ ruleVersion: '2026.9', score: 85 });
    const again = await h.request('POST', '/api/v1/evaluation/rule-sets', {
      token: admin,
      body: { ...res.body, createdBy: undefined, createdAt: undefined },
    });
    expect(again.status).toBe(409);
  });
});

describe('yearly runs', () => {
  it("stores every subject's grade as of 31 December, equal to the single evaluation", async () => {
    const clean = await newSubject();
    const dinged = await newSubject();
    const serious = await newSubject();
    await addRecord(dinged, { severity: 'general', decidedOn: '2025-10-01', category: 'fees_not_disclosed' });
    await addRecord(dinged, goodRecord('2025-02-01'));
    await addRecord(serious, { severity: 'serious', decidedOn: '2025-04-15' });
    const run = await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2025 } });
    expect(run.status, show(run)).toBe(201);
    expect(run.body).toMatchObject({ year: 2025, asOf: '2025-12-31', ruleVersion: '2019.1' });
    expect(run.body.subjects).toBe(Object.values(run.body.grades as Record<string, number>).reduce((a, b) => a + b, 0));
    for (const uscc of [clean, dinged, serious]) {
      const single = await evaluate(uscc, '2025-12-31');
      const history = await h.request('GET', `/api/v1/subjects/${uscc}/grades`, { token: regulator });
      expect(history.body.items[0], uscc).toMatchObject({ year: 2025, score: single.score, grade: single.grade, runId: run.body.id });
    }
    expect((await h.request('GET', `/api/v1/subjects/${serious}/grades`, { token: regulator })).body.items[0].grade).toBe('C');
  });

  it('refuses a year that has not ended, and other roles', async () => {
    expect((await h.request('POST', '/api/v1/evaluations/runs', { token: reviewer, body: { year: 2026 } })).status).toBe(422);
    expect((await h.request('POST', '/api/v1/evaluations/runs', { token: regulator, body: { year: 2025 } })).status).toBe(403);
  });
});

describe('list candidates', () => {
  it('suggests subjects with a serious record for the black list, with the reasons', async () => {
    const uscc = await newSubject();
    await addRecord(uscc, { severity: 'serious', decidedOn: '2026-07-01', documentNo: `沈建罚〔2026〕${Date.now() % 1000}号` });
    const res = await h.request('GET', '/api/v1/list-candidates?list=black&limit=200', { token: regulator });
    expect(res.status, show(res)).toBe(200);
    const candidate = res.body.items.find((c: { uscc: string }) => c.uscc === uscc);
    expect(candidate.reasons[0]).toContain('serious dishonesty record 沈建罚');
  });

  it('suggests AAA subjects without dishonesty in effect for the red list', async () => {
    const star = await newSubject();
    const fallen = await newSubject();
    await addRecord(fallen, { severity: 'minor', decidedOn: '2026-10-01' });
    // 2025 may have been run by the test above: a stored run is final unless superseded with a reason.
    const run = await h.request('POST', '/api/v1/evaluations/runs', {
      token: reviewer,
      body: { year: 2025, supersede: true, reason: '补录新主体后重新评价' },
    });
    expect(run.status).toBe(201);
    const all: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { uscc: string }[]; nextCursor: string | null } } = await h.request(
        'GET',
        `/api/v1/list-candidates?list=red&limit=200${cursor ? `&cursor=${cursor}` : ''}`,
        { token: regulator },
      );
      all.push(...res.body.items.map((c: { uscc: string }) => c.uscc));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(all).toContain(star);
    expect(all).not.toContain(fallen);
  });
});
