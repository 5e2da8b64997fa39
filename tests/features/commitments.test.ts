import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Commitment } from '../../src/features/commitments/schemas.js';
import { createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let deptA: string;
let uscc: string;

beforeAll(async () => {
  h = await createHarness(); // today: 2026-11-20
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  uscc = (await createSubject(h, deptA)).uscc;
});
afterAll(async () => {
  await h.close();
});

const commitmentBody = (overrides: Record<string, unknown> = {}) => ({
  subjectUscc: uscc,
  type: 'deficiency_tolerance',
  reason: '人防工程竣工验收备案容缺受理',
  content: '承诺于 30 日内补齐消防验收意见书',
  liability: '未按期补齐的，撤销备案并记入失信记录',
  madeOn: '2026-10-09',
  validUntil: '2026-11-08',
  acceptingUnitName: '沈阳市人民防空办公室',
  ...overrides,
});

async function commit(overrides: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/commitments', { token: deptA, body: commitmentBody(overrides) });
  expect(res.status, show(res)).toBe(201);
  return Commitment.parse(res.body);
}

describe('credit commitments', () => {
  it('codes each commitment as region + date + serial', async () => {
    const first = await commit();
    const second = await commit();
    const region = DEPT_A.slice(2, 8);
    expect(first.code).toBe(`${region}20261009000001`);
    expect(second.code).toBe(`${region}20261009000002`);
    expect((await commit({ madeOn: '2026-10-10' })).code).toBe(`${region}20261010000001`);
    expect(first).toMatchObject({ typeName: '容缺受理型', status: 'pending', acceptingUnitUscc: DEPT_A, subjectKind: 'intermediary' });
  });

  it('records a kept commitment without any record', async () => {
    const c = await commit();
    const res = await h.request('POST', `/api/v1/commitments/${c.id}/fulfilment`, {
      token: deptA,
      body: { status: 'fulfilled', decidedOn: '2026-11-01' },
    });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ status: 'fulfilled', fulfilmentOn: '2026-11-01', recordId: null });
  });

  it('turns a broken commitment into a linked dishonesty record, once', async () => {
    const c = await commit();
    const res = await h.request('POST', `/api/v1/commitments/${c.id}/fulfilment`, {
      token: deptA,
      body: { status: 'unfulfilled', decidedOn: '2026-11-10', documentNo: '沈人防诺〔2026〕7号' },
    });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.recordId).toMatch(/^rec_/);
    const record = await h.request('GET', `/api/v1/records/${res.body.recordId}`, { token: deptA });
    expect(record.body).toMatchObject({
      category: 'broken_commitment',
      severity: 'general',
      commitmentId: c.id,
      department: DEPT_A,
      decidedOn: '2026-11-10',
    });
    expect(record.body.basis).toContain(c.code);
    const again = await h.request('POST', `/api/v1/commitments/${c.id}/fulfilment`, {
      token: deptA,
      body: { status: 'fulfilled', decidedOn: '2026-11-12' },
    });
    expect(again.status, show(again)).toBe(409);
    expect(again.body.detail).toContain('unfulfilled');
  });

  it('needs a document number for a broken commitment', async () => {
    const c = await commit();
    const res = await h.request('POST', `/api/v1/commitments/${c.id}/fulfilment`, {
      token: deptA,
      body: { status: 'partial', decidedOn: '2026-11-10' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('documentNo');
  });

  it('lets only the accepting unit decide, before judging the body', async () => {
    const c = await commit();
    const other = await h.tokens.sign('regulator', { dept: DEPT_B });
    const res = await h.request('POST', `/api/v1/commitments/${c.id}/fulfilment`, { token: other, body: { status: 'nonsense' } });
    expect(res.status, show(res)).toBe(403);
  });
});
