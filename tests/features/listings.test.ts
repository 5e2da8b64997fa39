import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/jobs/sweep.js';
import { newId } from '../../src/lib/ids.js';
import { completeUscc } from '../../src/lib/uscc.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Reading back what had no read: commitments (and the sweep's overdue ones), check receipts, departments, rule sets. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let deptB: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_B });
});
afterAll(async () => {
  await h.close();
});

type Page<T = { id: string }> = { items: T[]; nextCursor: string | null };

describe('commitments read back', () => {
  const body = (subjectUscc: string, overrides: Record<string, unknown>) => ({
    subjectUscc,
    type: 'deficiency_tolerance',
    reason: '人防工程竣工验收备案容缺受理',
    content: '承诺于 30 日内补齐消防验收意见书',
    liability: '未按期补齐的，撤销备案并记入失信记录',
    madeOn: '2026-10-31',
    acceptingUnitName: '沈阳市人民防空办公室',
    ...overrides,
  });

  it('to the accepting unit, the subject, reviewers; a public one to other departments; one past its validity is overdue and swept', async () => {
    clock.set(onDay('2026-11-20'));
    const { uscc } = await createSubject(h, deptA);
    const own = await h.tokens.sign('subject', { uscc });
    const stranger = await h.tokens.sign('subject', { uscc: (await createSubject(h, deptA)).uscc });
    const commit = async (overrides: Record<string, unknown>) => {
      const res = await h.request('POST', '/api/v1/commitments', { token: deptA, body: body(uscc, overrides) });
      expect(res.status, show(res)).toBe(201);
      return res.body as { id: string; code: string };
    };
    const open = await commit({ publicity: 'public', validUntil: '2026-11-30' });
    const closed = await commit({ publicity: 'not_public' });

    const read = (id: string, token: string) => h.request('GET', `/api/v1/commitments/${id}`, { token });
    expect((await read(open.id, deptA)).body).toMatchObject({ id: open.id, code: open.code, status: 'pending', overdue: false });
    expect((await read(open.id, deptB)).status).toBe(200);
    expect((await read(closed.id, deptB)).status).toBe(403);
    for (const token of [deptA, own, reviewer]) expect((await read(closed.id, token)).status).toBe(200);
    expect((await read(closed.id, stranger)).status).toBe(403);
    expect((await read('cmt_01M8WFEZ74JJKW0BHZFMEXBQHG', deptA)).status).toBe(404);

    const list = async (token: string, query = '') => {
      const res = await h.request<Page>('GET', `/api/v1/commitments?subject=${uscc}${query}`, { token });
      expect(res.status, show(res)).toBe(200);
      return res.body.items.map((c) => c.id);
    };
    expect(await list(deptA)).toEqual([open.id, closed.id]);
    expect(await list(deptB)).toEqual([open.id]);
    expect((await h.request<Page>('GET', '/api/v1/commitments', { token: own })).body.items.map((c) => c.id)).toEqual([open.id, closed.id]);
    expect((await h.request('GET', `/api/v1/commitments?subject=${uscc}`, { token: stranger })).status).toBe(403);

    // Valid until 2026-11-30 (its last day): overdue from 2026-12-01 while no outcome is decided.
    clock.set(onDay('2026-11-30'));
    expect(await list(deptA, '&overdue=true')).toEqual([]);
    clock.set(onDay('2026-12-01'));
    expect(await list(deptA, '&overdue=true')).toEqual([open.id]);
    expect((await read(open.id, deptA)).body.overdue).toBe(true);
    const report = await sweep(h.db, clock);
    expect(report.overdueCommitments).toContainEqual({ id: open.id, code: open.code, validUntil: '2026-11-30', acceptingUnit: DEPT_A });
    expect(report.overdueCommitments.map((c) => c.id)).not.toContain(closed.id);

    const decided = await h.request('POST', `/api/v1/commitments/${open.id}/fulfilment`, {
      token: deptA,
      body: { status: 'fulfilled', decidedOn: '2026-12-01' },
    });
    expect(decided.status, show(decided)).toBe(200);
    expect((await sweep(h.db, clock)).overdueCommitments.map((c) => c.id)).not.toContain(open.id);
    expect(await list(deptA, '&status=fulfilled')).toEqual([open.id]);
  });
});

describe('GET /checks', () => {
  it("lists one's own receipts newest first; reviewers may list another's", async () => {
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:receipts-1' });
    const sameSubOtherRole = await h.tokens.sign('platform', { sub: 'applicant:receipts-1' });
    const { uscc } = await createSubject(h, deptA);
    const check = async (token: string) => {
      const res = await h.request('POST', '/api/v1/checks', { token, body: { usccs: [uscc] } });
      expect(res.status, show(res)).toBe(201);
      return res.body.id as string;
    };
    const first = await check(applicant);
    const second = await check(applicant);
    const platforms = await check(sameSubOtherRole);

    const mine = await h.request<Page<{ id: string; codes: number; requestedBy: string }>>('GET', '/api/v1/checks', { token: applicant });
    expect(mine.status, show(mine)).toBe(200);
    expect(mine.body.items.map((r) => r.id)).toEqual([second, first]);
    expect(mine.body.items[0]).toMatchObject({ codes: 1, requestedBy: 'applicant:receipts-1', role: 'applicant' });
    const paged = await h.request<Page>('GET', '/api/v1/checks?limit=1', { token: applicant });
    expect(paged.body.items.map((r) => r.id)).toEqual([second]);
    const next = await h.request<Page>('GET', `/api/v1/checks?limit=1&cursor=${paged.body.nextCursor}`, { token: applicant });
    expect(next.body).toMatchObject({ items: [{ id: first }], nextCursor: null });

    expect((await h.request('GET', '/api/v1/checks?requestedBy=applicant:receipts-1', { token: deptA })).status).toBe(403);
    const seen = await h.request<Page>('GET', '/api/v1/checks?requestedBy=applicant:receipts-1', { token: reviewer });
    expect(seen.body.items.map((r) => r.id)).toEqual([platforms, second, first]);
  });
});

describe('GET /departments', () => {
  it('names departments by code, filtered by region and sector, page by page', async () => {
    const now = new Date();
    const departments = [
      { uscc: DEPT_A, name: '沈阳市人民防空办公室', region: '210100', sector: '人防' },
      { uscc: DEPT_B, name: '沈阳市住房和城乡建设局', region: '210100', sector: '住建' },
      { uscc: completeUscc('11210200', 'QY800003'), name: '大连市住房和城乡建设局', region: '210200', sector: '住建' },
    ];
    for (const d of departments)
      await h.db
        .insertInto('credit.departments')
        .values({ id: newId('department', now), ...d, created_at: now })
        .execute();

    const subject = await h.tokens.sign('subject', { uscc: (await createSubject(h, deptA)).uscc });
    const all = await h.request<Page<{ code: string; name: string }>>('GET', '/api/v1/departments', { token: subject });
    expect(all.status, show(all)).toBe(200);
    expect(all.body.items).toEqual(
      [...departments]
        .sort((a, b) => (a.uscc < b.uscc ? -1 : 1))
        .map((d) => ({ code: d.uscc, name: d.name, region: d.region, sector: d.sector })),
    );
    const shenyang = await h.request<Page<{ code: string }>>('GET', '/api/v1/departments?region=210100&sector=住建', { token: subject });
    expect(shenyang.body.items.map((d) => d.code)).toEqual([DEPT_B]);
    const page = await h.request<Page<{ code: string }>>('GET', '/api/v1/departments?limit=2', { token: subject });
    const rest = await h.request<Page<{ code: string }>>('GET', `/api/v1/departments?limit=2&cursor=${page.body.nextCursor}`, {
      token: subject,
    });
    expect([...page.body.items, ...rest.body.items]).toEqual(all.body.items);
    expect(rest.body.nextCursor).toBeNull();
    expect((await h.request('GET', '/api/v1/departments')).status).toBe(401);
  });
});

describe('GET /evaluation/rule-sets', () => {
  it('lists every version newest first and marks the one in force today', async () => {
    clock.set(onDay('2026-11-20'));
    const admin = await h.tokens.sign('admin', { sub: 'admin:rules' });
    const added = await h.request('POST', '/api/v1/evaluation/rule-sets', {
      token: admin,
      body: {
        version: '2027.1',
        effectiveFrom: '2027-01-01',
        base: 100,
        deductions: { minor: 2, general: 10, serious: 30 },
        goodAddition: 5,
        additionCap: 10,
        gradeMinimums: { AAA: 90, AA: 80, A: 70, B: 60 },
        note: '下一年度',
      },
    });
    expect(added.status, show(added)).toBe(201);
    const subject = await h.tokens.sign('subject', { uscc: (await createSubject(h, deptA)).uscc });
    const list = await h.request<Page<{ version: string; effectiveFrom: string; inForce: boolean }>>(
      'GET',
      '/api/v1/evaluation/rule-sets',
      {
        token: subject,
      },
    );
    expect(list.status, show(list)).toBe(200);
    expect(list.body.items.map((r) => [r.version, r.effectiveFrom, r.inForce])).toEqual([
      ['2027.1', '2027-01-01', false],
      ['2019.1', '2019-01-01', true],
    ]);
    expect(list.body.items[1]).toMatchObject({ base: 100, deductions: { minor: 2, general: 10, serious: 30 }, gradeMinimums: { AAA: 90 } });
    const first = await h.request<Page>('GET', '/api/v1/evaluation/rule-sets?limit=1', { token: subject });
    const second = await h.request<Page<{ version: string }>>(
      'GET',
      `/api/v1/evaluation/rule-sets?limit=1&cursor=${first.body.nextCursor}`,
      {
        token: subject,
      },
    );
    expect(second.body).toMatchObject({ items: [{ version: '2019.1' }], nextCursor: null });
  });
});
