import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B, publishedEntry, type SubjectView } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * GET /api/v1/public/list-entries by keyword (name, former name or code) and by department: the
 * filters the published-list pages offer, taken by the API alike.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
const tag = `${Date.now() % 1_000_000}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
let renamed: SubjectView;
let other: SubjectView;
let praised: SubjectView;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness({ clock });
  const [regA, revA, regB, revB] = await Promise.all([
    h.tokens.sign('regulator', { dept: DEPT_A }),
    h.tokens.sign('reviewer', { dept: DEPT_A }),
    h.tokens.sign('regulator', { dept: DEPT_B }),
    h.tokens.sign('reviewer', { dept: DEPT_B }),
  ]);
  const now = new Date();
  await h.db
    .insertInto('credit.departments')
    .values({ id: newId('department', now), uscc: DEPT_B, name: '沈阳市城乡建设局', region: '210100', sector: '建设', created_at: now })
    .execute();
  renamed = await createSubject(h, regA, { name: `盛京${tag}工程咨询有限公司` });
  const rename = await h.request('PATCH', `/api/v1/subjects/${renamed.uscc}`, { token: regA, body: { name: `辽沈${tag}评估有限公司` } });
  expect(rename.status, show(rename)).toBe(200);
  other = await createSubject(h, regB, { name: `沈河${tag}安全评价有限公司` });
  praised = await createSubject(h, regA, { name: `浑南${tag}造价咨询有限公司` });
  const serious = (token: string, uscc: string) => createRecord(h, token, uscc, { severity: 'serious', decidedOn: '2026-11-03' });
  const a = { regulator: regA, reviewer: revA, clock };
  const b = { regulator: regB, reviewer: revB, clock };
  const renamedSerious = await serious(regA, renamed.uscc);
  const otherSerious = await serious(regB, other.uscc);
  ids.renamed = (
    await publishedEntry(h, a, {
      subjectUscc: renamed.uscc,
      list: 'black',
      recordIds: [renamedSerious.id],
      validUntil: '2029-11-01',
      publishOn: '2026-11-30',
    })
  ).id;
  clock.set(onDay('2026-11-20'));
  ids.other = (
    await publishedEntry(h, b, {
      subjectUscc: other.uscc,
      list: 'black',
      recordIds: [otherSerious.id],
      validUntil: '2029-11-01',
      publishOn: '2026-11-30',
    })
  ).id;
  clock.set(onDay('2026-11-20'));
  ids.praised = (
    await publishedEntry(h, a, { subjectUscc: praised.uscc, list: 'red', validUntil: '2027-11-30', publishOn: '2026-11-30' })
  ).id;
});
afterAll(async () => {
  await h.close();
});

type Page = { items: { id: string; subjectUscc: string; department: string }[]; nextCursor: string | null };

async function listed(query: Record<string, string>) {
  const res = await h.request<Page>('GET', `/api/v1/public/list-entries?${new URLSearchParams(query)}`);
  expect(res.status, show(res)).toBe(200);
  return res.body;
}
const idsOf = (page: Page) => new Set(page.items.map((e) => e.id));

describe('GET /public/list-entries?q=', () => {
  it("finds entries by the subject's name, a former name or its code, in any case", async () => {
    expect(idsOf(await listed({ q: tag }))).toEqual(new Set([ids.renamed, ids.other, ids.praised]));
    expect(idsOf(await listed({ q: tag, list: 'black' }))).toEqual(new Set([ids.renamed, ids.other]));
    expect(idsOf(await listed({ q: `辽沈${tag}` }))).toEqual(new Set([ids.renamed]));
    expect(idsOf(await listed({ q: `盛京${tag}` }))).toEqual(new Set([ids.renamed]));
    expect(idsOf(await listed({ q: other.uscc.toLowerCase() }))).toEqual(new Set([ids.other]));
    expect(idsOf(await listed({ q: `  ${praised.uscc.slice(2, 16)} ` }))).toEqual(new Set([ids.praised]));
    expect((await listed({ q: `查无此名${tag}` })).items).toEqual([]);
  });

  it('refuses an empty or overlong keyword', async () => {
    for (const q of ['', '   ', '名'.repeat(101)]) {
      const res = await h.request('GET', `/api/v1/public/list-entries?q=${encodeURIComponent(q)}`);
      expect(res.status, q).toBe(400);
      expect(res.body.errors?.[0]?.path).toContain('q');
    }
  });
});

describe('GET /public/list-entries?department=', () => {
  it('keeps only the entries the department decided, with the other filters', async () => {
    const byB = await listed({ department: DEPT_B });
    expect(byB.items.every((e) => e.department === DEPT_B)).toBe(true);
    expect(idsOf(byB)).toEqual(new Set([ids.other]));
    expect(idsOf(await listed({ department: DEPT_A, q: tag }))).toEqual(new Set([ids.renamed, ids.praised]));
    expect(idsOf(await listed({ department: DEPT_A, q: tag, list: 'red' }))).toEqual(new Set([ids.praised]));
    expect(idsOf(await listed({ department: DEPT_B, q: `辽沈${tag}` }))).toEqual(new Set());
    expect(idsOf(await listed({ department: DEPT_B.toLowerCase() }))).toEqual(new Set([ids.other]));
  });

  it('refuses a department code that is not a valid 统一社会信用代码, naming the position', async () => {
    const res = await h.request('GET', `/api/v1/public/list-entries?department=${DEPT_B.slice(0, 17)}Z`);
    expect(res.status).toBe(400);
    expect(res.body.errors?.[0]).toMatchObject({ path: expect.stringContaining('department') });
    expect(res.body.errors?.[0]?.message).toContain('position');
  });

  it('pages through a filtered list without losing the filter', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: Page = await listed({ q: tag, department: DEPT_A, limit: '1', ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(1);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([ids.renamed, ids.praised].sort());
  });
});
