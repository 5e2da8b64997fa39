import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Record, RecordWithHistory } from '../../src/features/records/schemas.js';
import { createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let deptA: string;
let deptB: string;
let subject: { uscc: string; id: string };
let other: { uscc: string };
let docNo = 0;

beforeAll(async () => {
  h = await createHarness(); // today is 2026-11-20 in Asia/Shanghai
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  subject = await createSubject(h, deptA);
  other = await createSubject(h, deptA);
});
afterAll(async () => {
  await h.close();
});

function recordBody(overrides: Record<string, unknown> = {}) {
  docNo += 1;
  return {
    subjectUscc: subject.uscc,
    kind: 'dishonesty',
    category: 'unjustified_delay',
    severity: 'general',
    facts: '无正当理由拖延出具评估报告 45 日',
    basis: '《沈阳市中介服务管理办法》第十二条',
    documentNo: `沈人防罚〔2026〕${docNo}号`,
    decidedOn: '2026-06-01',
    penalties: [{ type: '罚款', content: '罚款 2 万元' }],
    evidence: [],
    ...overrides,
  };
}

async function record(overrides: Record<string, unknown> = {}, token = deptA) {
  const res = await h.request('POST', '/api/v1/records', { token, body: recordBody(overrides) });
  expect(res.status, show(res)).toBe(201);
  return Record.parse(res.body);
}

describe('display windows (domain §2b, §3)', () => {
  it.each([
    // decided, severity, category, rule version, public, repairableFrom, displayUntil
    ['2026-06-01', 'general', 'unjustified_delay', '36号令-2026', true, '2026-09-02', '2027-06-01'],
    ['2026-05-10', 'serious', 'unjustified_delay', '36号令-2026', true, '2027-05-11', '2029-05-10'],
    ['2026-04-01', 'minor', 'unjustified_delay', '36号令-2026', false, '2026-04-02', '2026-07-01'],
    ['2026-04-01', 'general', 'unjustified_delay', '36号令-2026', true, '2026-07-02', '2027-04-01'],
    ['2026-04-01', 'serious', 'unjustified_delay', '36号令-2026', true, '2027-04-02', '2029-04-01'],
    ['2026-03-31', 'minor', 'unjustified_delay', '58号令-2023', false, '2026-04-01', '2026-06-30'],
    ['2026-03-31', 'general', 'unjustified_delay', '58号令-2023', true, '2026-07-01', '2029-03-31'],
    ['2026-03-31', 'serious', 'unjustified_delay', '58号令-2023', true, '2026-07-01', '2029-03-31'],
    ['2026-03-31', 'general', 'major_quality_safety_accident', '58号令-2023', true, '2027-04-01', '2029-03-31'],
    ['2023-04-30', 'general', 'unjustified_delay', '527号-2019', true, '2023-07-31', '2024-04-30'],
    ['2023-04-30', 'serious', 'unjustified_delay', '527号-2019', true, '2023-10-31', '2026-04-30'],
  ])('%s %s %s → %s', async (decidedOn, severity, category, version, isPublic, repairableFrom, displayUntil) => {
    const r = await record({ decidedOn, severity, category });
    expect(r).toMatchObject({ ruleVersion: version, public: isPublic, displayFrom: decidedOn, repairableFrom, displayUntil });
  });

  it('keeps a record shown until a penalty with its own term has run', async () => {
    const r = await record({
      decidedOn: '2026-06-01',
      severity: 'general',
      // A 一般-class penalty with a term of its own (限制从业 would make the record 严重, issue 9 #3).
      penalties: [{ type: '暂扣许可证件', termMonths: 24 }, { type: '罚款' }],
    });
    expect(r.displayUntil).toBe('2028-06-01');
  });

  it('gives good records about three years and no repair date', async () => {
    const r = await record({ kind: 'good', category: 'commendation', severity: undefined, decidedOn: '2026-02-10' });
    expect(r).toMatchObject({ severity: null, repairableFrom: null, displayUntil: '2029-02-10', public: true });
  });
});

describe('recording', () => {
  it('takes the department from the token, never the body', async () => {
    const r = await record({}, deptB);
    expect(r.department).toBe(DEPT_B);
    const res = await h.request('POST', '/api/v1/records', { token: deptB, body: { ...recordBody(), department: DEPT_A } });
    expect(res.status, show(res)).toBe(400);
  });

  it('refuses a decision date in the future', async () => {
    const res = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody({ decidedOn: '2026-11-21' }) });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.errors[0].path).toBe('decidedOn');
  });

  it('refuses an unknown category, listing the valid ones', async () => {
    const res = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody({ category: 'jaywalking' }) });
    expect(res.status, show(res)).toBe(400);
    expect(res.body.validCategories).toEqual(expect.arrayContaining(['unqualified_practice', 'false_materials']));
    expect(res.body.detail).toContain('client_data_misuse');
  });

  it('asks a severity of dishonesty records only', async () => {
    const missing = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody({ severity: undefined }) });
    expect(missing.status).toBe(400);
    const extra = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody({ kind: 'good', category: 'award' }) });
    expect(extra.status).toBe(400);
  });

  it('refuses a second record with the same department and document number', async () => {
    const body = recordBody();
    expect((await h.request('POST', '/api/v1/records', { token: deptA, body })).status).toBe(201);
    const again = await h.request('POST', '/api/v1/records', { token: deptA, body: { ...body, facts: '另一事实' } });
    expect(again.status, show(again)).toBe(409);
  });

  it('lets only regulators record', async () => {
    for (const token of [await h.tokens.sign('admin'), await h.tokens.sign('subject', { uscc: subject.uscc })]) {
      expect((await h.request('POST', '/api/v1/records', { token, body: recordBody() })).status).toBe(403);
    }
  });

  it('serves the category catalogue without a token', async () => {
    const res = await h.request('GET', '/api/v1/catalogue/categories');
    expect(res.body.items).toHaveLength(15);
    expect(res.body.items).toContainEqual({
      code: 'fees_not_disclosed',
      name: '未公示服务内容和收费标准',
      sector: 'intermediary',
      kind: 'dishonesty',
    });
  });
});

describe('corrections', () => {
  it('adds a revision that supersedes the old one, keeping both', async () => {
    const r = await record({ severity: 'general', decidedOn: '2026-06-01' });
    const res = await h.request('POST', `/api/v1/records/${r.id}/corrections`, {
      token: deptA,
      body: { severity: 'serious', reason: '复核认定为严重失信' },
    });
    expect(res.status, show(res)).toBe(201);
    expect(res.body).toMatchObject({
      id: r.id,
      revision: 2,
      severity: 'serious',
      displayUntil: '2029-06-01',
      correctionReason: '复核认定为严重失信',
    });
    const read = RecordWithHistory.parse((await h.request('GET', `/api/v1/records/${r.id}`, { token: deptB })).body);
    expect(read.history.map((v) => [v.revision, v.severity, v.supersededAt === null])).toEqual([
      [1, 'general', false],
      [2, 'serious', true],
    ]);
  });

  it('refuses another department with 403, before judging the body, and changes nothing', async () => {
    const r = await record();
    const invalid = await h.request('POST', `/api/v1/records/${r.id}/corrections`, { token: deptB, body: { severity: 'catastrophic' } });
    expect(invalid.status, show(invalid)).toBe(403);
    const valid = await h.request('POST', `/api/v1/records/${r.id}/corrections`, { token: deptB, body: { facts: '改写', reason: '越权' } });
    expect(valid.status, show(valid)).toBe(403);
    const read = await h.request('GET', `/api/v1/records/${r.id}`, { token: deptA });
    expect(read.body.history).toHaveLength(1);
    expect(read.body.facts).toBe(r.facts);
  });

  it('lets an admin correct, and needs a reason', async () => {
    const r = await record();
    const noReason = await h.request('POST', `/api/v1/records/${r.id}/corrections`, { token: deptA, body: { facts: '补正' } });
    expect(noReason.status).toBe(400);
    const admin = await h.request('POST', `/api/v1/records/${r.id}/corrections`, {
      token: await h.tokens.sign('admin'),
      body: { facts: '补正', reason: '文字错误' },
    });
    expect(admin.status, show(admin)).toBe(201);
  });
});

describe('who reads records', () => {
  it("shows a subject its own records, and refuses it another subject's", async () => {
    await record();
    const own = await h.request('GET', `/api/v1/subjects/${subject.uscc}/records`, {
      token: await h.tokens.sign('subject', { uscc: subject.uscc }),
    });
    expect(own.status, show(own)).toBe(200);
    expect(own.body.items.length).toBeGreaterThan(0);
    const stranger = await h.tokens.sign('subject', { uscc: other.uscc });
    const res = await h.request('GET', `/api/v1/subjects/${subject.uscc}/records`, { token: stranger });
    expect(res.status, show(res)).toBe(403);
    const one = await h.request('GET', `/api/v1/records/${own.body.items[0].id}`, { token: stranger });
    expect(one.status).toBe(403);
  });

  it('shows regulators of any department every record, and refuses applicants', async () => {
    const res = await h.request('GET', `/api/v1/subjects/${subject.uscc}/records`, { token: deptB });
    expect(res.status).toBe(200);
    expect(new Set(res.body.items.map((r: { department: string }) => r.department))).toEqual(new Set([DEPT_A, DEPT_B]));
    expect((await h.request('GET', `/api/v1/subjects/${subject.uscc}/records`, { token: await h.tokens.sign('applicant') })).status).toBe(
      403,
    );
  });
});
