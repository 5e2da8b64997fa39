import { compactVerify, createLocalJWKSet, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import {
  createRecord,
  createSubject,
  DEPT_A,
  DEPT_B,
  goodRecord,
  publishedEntry,
  type RecordView,
  type SubjectView,
  uniqueUscc,
} from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { getPage, textOf } from '../helpers/web.js';

/**
 * The public lookup and the published lists as a citizen sees them, without signing in: search by a
 * former name, a subject's page with its grade and every point of it, the signed status that verifies
 * with the site's own keys, the red and black lists filtered and paged; and nothing that is not public.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regA: string;
let revA: string;
let regB: string;
let revB: string;

// A tag of Chinese digits, so names are this run's own and match no other test's.
const tag = `${Date.now() % 1_000_000}`.replace(/\d/g, (d) => '零一二三四五六七八九'[Number(d)]!);
const FORMER = `盛京${tag}工程咨询有限公司`;
const CURRENT = `辽沈${tag}评估有限公司`;
const SECRET_FACTS = `仅监管部门可见的轻微失信事实${tag}`;
const PHONE = '13912345678';

let renamed: SubjectView; // black-listed by department A; minor, general, serious and good records
let other: SubjectView; // black-listed by department B
let praised: SubjectView; // red-listed by department A
let minor: RecordView;
let general: RecordView;
let serious: RecordView;
let good: RecordView;
const entries: Record<string, string> = {};

beforeAll(async () => {
  h = await createHarness({ clock });
  [regA, revA, regB, revB] = await Promise.all([
    h.tokens.sign('regulator', { dept: DEPT_A }),
    h.tokens.sign('reviewer', { dept: DEPT_A }),
    h.tokens.sign('regulator', { dept: DEPT_B }),
    h.tokens.sign('reviewer', { dept: DEPT_B }),
  ]);
  const now = new Date();
  for (const [uscc, name] of [
    [DEPT_A, '沈阳市人民防空办公室'],
    [DEPT_B, '沈阳市城乡建设局'],
  ] as const) {
    await h.db
      .insertInto('credit.departments')
      .values({ id: newId('department', now), uscc, name, region: '210100', sector: '建设', created_at: now })
      .execute();
  }

  renamed = await createSubject(h, regA, { name: FORMER });
  const rename = await h.request('PATCH', `/api/v1/subjects/${renamed.uscc}`, { token: regA, body: { name: CURRENT } });
  expect(rename.status, show(rename)).toBe(200);
  other = await createSubject(h, regB, { name: `沈河${tag}安全评价有限公司` });
  praised = await createSubject(h, regA, { name: `浑南${tag}造价咨询有限公司` });

  minor = await createRecord(h, regA, renamed.uscc, {
    severity: 'minor',
    decidedOn: '2026-11-01',
    facts: SECRET_FACTS,
    documentNo: `沈人防罚〔2026〕轻微${tag}号`,
  });
  general = await createRecord(h, regA, renamed.uscc, {
    severity: 'general',
    decidedOn: '2026-11-02',
    facts: `逾期出具报告，联系人手机 ${PHONE}`,
  });
  serious = await createRecord(h, regA, renamed.uscc, { severity: 'serious', decidedOn: '2026-11-03' });
  good = await createRecord(h, regA, renamed.uscc, { ...goodRecord('2026-10-15'), facts: '获评年度优秀中介服务机构' });
  const otherSerious = await createRecord(h, regB, other.uscc, { severity: 'serious', decidedOn: '2026-11-03' });

  clock.set(onDay('2026-11-20'));
  entries.renamed = (
    await publishedEntry(
      h,
      { regulator: regA, reviewer: revA, clock },
      { subjectUscc: renamed.uscc, list: 'black', recordIds: [serious.id], validUntil: '2029-11-01', publishOn: '2026-11-30' },
    )
  ).id;
  clock.set(onDay('2026-11-20'));
  entries.other = (
    await publishedEntry(
      h,
      { regulator: regB, reviewer: revB, clock },
      { subjectUscc: other.uscc, list: 'black', recordIds: [otherSerious.id], validUntil: '2029-11-01', publishOn: '2026-11-30' },
    )
  ).id;
  clock.set(onDay('2026-11-20'));
  entries.praised = (
    await publishedEntry(
      h,
      { regulator: regA, reviewer: revA, clock },
      { subjectUscc: praised.uscc, list: 'red', validUntil: '2027-11-30', publishOn: '2026-11-30' },
    )
  ).id;
  // Today is 2026-11-30: the three entries are in force.
});
afterAll(async () => {
  await h.close();
});

/** The hrefs of a page's links. */
const links = (html: string) => [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));

describe('the home page', () => {
  it('offers the search form and the way to the lists, the 中介超市 and sign-in', async () => {
    const page = await getPage(h, '/');
    expect(page.status).toBe(200);
    expect(page.html).toMatch(/<form[^>]*method="get"[^>]*action="\/search"/);
    expect(page.html).toMatch(/<input[^>]*name="q"/);
    expect(page.text).toContain('名称、曾用名或统一社会信用代码');
    expect(links(page.html)).toEqual(expect.arrayContaining(['/lists/red', '/lists/black', '/market', '/console/sign-in']));
  });
});

describe('信用查询', () => {
  it('finds a subject by its former name and links to its page, showing the former name', async () => {
    const page = await getPage(h, `/search?q=${encodeURIComponent(`盛京${tag}`)}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain(CURRENT);
    expect(page.text).toContain(FORMER);
    expect(links(page.html)).toContain(`/subjects/${renamed.uscc}`);
    expect(page.html).toContain(`value="盛京${tag}"`); // the field keeps what was typed
  });

  it('finds by code and pages through many hits', async () => {
    const byCode = await getPage(h, `/search?q=${other.uscc.slice(2, 14)}`);
    expect(byCode.text).toContain(other.name);

    const first = await getPage(h, `/search?q=${encodeURIComponent(tag)}&limit=2`);
    expect(first.status).toBe(200);
    const next = links(first.html).find((href) => href.includes('cursor='));
    expect(next, 'a link to the next page').toBeDefined();
    const second = await getPage(h, next!);
    const found = [first, second].flatMap((p) => links(p.html).filter((href) => /^\/subjects\/[^/]+$/.test(href)));
    expect(new Set(found)).toEqual(new Set([renamed, other, praised].map((s) => `/subjects/${s.uscc}`)));
    expect(second.text).toContain('回到第一页');
  });

  it('names the field when the query is empty or too short, and says so when nothing is found', async () => {
    const short = await getPage(h, `/search?q=${encodeURIComponent('辽')}`);
    expect(short.status).toBe(400);
    expect(short.html).toContain('value="辽"');
    expect(short.text).toContain('至少 2 个字符');
    expect(short.html).toMatch(/aria-invalid="true"/);

    const empty = await getPage(h, '/search?q=');
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('必填');

    const arriving = await getPage(h, '/search');
    expect(arriving.status).toBe(200);
    expect(arriving.html).not.toContain('aria-invalid');

    const none = await getPage(h, `/search?q=${encodeURIComponent(`查无此名${tag}`)}`);
    expect(none.status).toBe(200);
    expect(none.text).toContain('没有找到');
  });
});

describe("a subject's public page", () => {
  it('shows who it is, the grade with every point explained, public records and list entries', async () => {
    const api = await h.request('GET', `/api/v1/public/subjects/${renamed.uscc}`);
    expect(api.status, show(api)).toBe(200);
    const page = await getPage(h, `/subjects/${renamed.uscc}`);
    expect(page.status).toBe(200);
    const text = page.text;
    for (const shown of [CURRENT, renamed.uscc, '中介服务机构', '王建国', FORMER]) expect(text).toContain(shown);
    expect(page.html).toContain(`<title>${CURRENT} - `);

    // The grade and each line of the explanation: the rule, the record it counts, its points.
    expect(api.body.grade).toBe('C');
    expect(text).toMatch(new RegExp(`C\\s*${api.body.score} 分`));
    const table = page.html.slice(page.html.indexOf('计分明细'), page.html.indexOf('</table>', page.html.indexOf('计分明细')));
    const rows = table
      .split('<tr')
      .slice(1)
      .map((row) => textOf(`<tr${row}`).replace(/\s+/g, ' ').trim());
    const signed = (n: number) => (n > 0 ? `+${n}` : `${n}`);
    const expected: [string, string, number][] = api.body.explanation.lines.map((l: { rule: string; recordId: string; effect: number }) => {
      const record = [general, serious, good].find((r) => r.id === l.recordId);
      const rule = { base: '基础分', general: '一般失信记录扣分', serious: '严重失信记录扣分', good: '良好信用记录加分' }[l.rule]!;
      return [rule, record ? record.documentNo : '评价规则 2019.1', l.effect];
    });
    expect(expected.map((e) => e[0])).toEqual(['基础分', '良好信用记录加分', '一般失信记录扣分', '严重失信记录扣分']);
    for (const [rule, basis, effect] of expected) {
      expect(
        rows.some((row) => row.startsWith(rule) && row.includes(basis) && row.endsWith(signed(effect))),
        `${rule} ${basis} ${effect} in\n${rows.join('\n')}`,
      ).toBe(true);
    }
    expect(rows.some((row) => row.startsWith('合计') && row.endsWith(String(api.body.score)))).toBe(true);
    expect(text).toContain('等级定为 C');
    expect(links(page.html)).toContain(`#record-${general.id}`);

    // Public records in effect and the active entry.
    for (const record of [general, serious, good]) expect(text).toContain(record.documentNo);
    expect(text).toContain('获评年度优秀中介服务机构');
    expect(text).toContain('黑名单');
    expect(text).toContain('2026-11-30 至 2029-11-01');
    expect(text).toContain('沈阳市人民防空办公室');

    // The form for a day's signed status, today by default.
    expect(page.html).toMatch(new RegExp(`<form[^>]*method="get"[^>]*action="/subjects/${renamed.uscc}/status"`));
    expect(page.html).toMatch(/<input[^>]*name="on"[^>]*type="date"[^>]*value="2026-11-30"|<input[^>]*type="date"[^>]*value="2026-11-30"/);
  });

  it('shows nothing of a record that is not public, and no personal data beyond what is published', async () => {
    const page = await getPage(h, `/subjects/${renamed.uscc}`);
    for (const hidden of [SECRET_FACTS, minor.documentNo, minor.id, '轻微失信记录', PHONE]) expect(page.html).not.toContain(hidden);
    expect(page.text).toContain('逾期出具报告'); // the rest of the general record's facts, its phone number masked
    const api = await h.request('GET', `/api/v1/public/subjects/${renamed.uscc}`);
    expect(api.body.explanation.lines.map((l: { recordId: string | null }) => l.recordId)).not.toContain(minor.id);
    expect(api.text).not.toContain(PHONE);
  });

  it('answers a wrong code with a 400 page, an unknown one with a 404 page, and a lower-case one with its address', async () => {
    const wrong = `${renamed.uscc.slice(0, 17)}${renamed.uscc.endsWith('0') ? '1' : '0'}`;
    const bad = await getPage(h, `/subjects/${wrong}`);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('统一社会信用代码有误');
    expect(bad.text).toContain('第 18 位');
    expect((await getPage(h, `/subjects/${wrong}/status?on=2026-11-30`)).status).toBe(400);
    expect((await getPage(h, '/subjects/not-a-code')).status).toBe(400);

    const unknown = uniqueUscc();
    const missing = await getPage(h, `/subjects/${unknown}`);
    expect(missing.status).toBe(404);
    expect(missing.text).toContain('未找到该信用主体');
    expect((await getPage(h, `/subjects/${unknown}/status`)).status).toBe(404);

    const lower = await getPage(h, `/subjects/${renamed.uscc.toLowerCase()}/status?on=2026-11-30`);
    expect(lower.status).toBe(301);
    expect(lower.location).toBe(`/subjects/${renamed.uscc}/status?on=2026-11-30`);
  });
});

describe('the signed status page', () => {
  it('shows the status of a day and a JWS that verifies against the JWKS the page links to', async () => {
    const page = await getPage(h, `/subjects/${renamed.uscc}/status?on=2026-12-01`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('2026-12-01 当天在黑名单上');
    const jws = /<pre id="jws">([A-Za-z0-9_.-]+)<\/pre>/.exec(page.html)?.[1];
    expect(jws, 'the compact JWS in a <pre>').toBeDefined();
    const hrefs = links(page.html);
    expect(hrefs).toContain('/.well-known/jwks.json');
    expect(hrefs).toContain(`/api/v1/public/subjects/${renamed.uscc}/status?on=2026-12-01`);

    const jwks = (await (await h.app.request('http://localhost/.well-known/jwks.json')).json()) as JSONWebKeySet;
    const { payload, protectedHeader } = await compactVerify(jws!, createLocalJWKSet(jwks), { algorithms: ['ES256'] });
    expect(protectedHeader).toMatchObject({ alg: 'ES256', typ: 'credit-status+jws' });
    const status = JSON.parse(new TextDecoder().decode(payload));
    expect(status).toMatchObject({ uscc: renamed.uscc, on: '2026-12-01', black: true, red: false, name: CURRENT });
    expect(status.entries.map((e: { id: string }) => e.id)).toEqual([entries.renamed]);

    // The way to verify it, with a Node example that names this subject and day.
    expect(page.text).toContain('如何自行验证');
    expect(page.text).toContain("import { compactVerify, createRemoteJWKSet } from 'jose';");
    expect(page.text).toContain(`const uscc = '${renamed.uscc}';`);
    expect(page.text).toContain("const on = '2026-12-01';");
  });

  it('says a day before the listing was clear, and refuses a day that does not exist, keeping what was typed', async () => {
    const before = await getPage(h, `/subjects/${renamed.uscc}/status?on=2026-11-29`);
    expect(before.status).toBe(200);
    expect(before.text).toContain('2026-11-29 当天不在红名单、黑名单或重点关注名单上');

    const today = await getPage(h, `/subjects/${renamed.uscc}/status`);
    expect(today.text).toContain('2026-11-30 当天在黑名单上');

    const wrong = await getPage(h, `/subjects/${renamed.uscc}/status?on=2026-02-30`);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toContain('value="2026-02-30"');
    expect(wrong.text).toContain('日期');
    expect(wrong.html).toMatch(/aria-invalid="true"/);
    expect(wrong.html).not.toContain('id="jws"');
  });
});

describe('the published lists', () => {
  const rowsOf = (html: string) => links(html).filter((href) => /^\/subjects\/[^/]+$/.test(href));

  it('shows the black list in force, each row linking to its subject, and not the red list', async () => {
    const page = await getPage(h, `/lists/black?q=${encodeURIComponent(tag)}`);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<title>黑名单 - ');
    expect(new Set(rowsOf(page.html))).toEqual(new Set([`/subjects/${renamed.uscc}`, `/subjects/${other.uscc}`]));
    expect(page.text).toContain('沈阳市城乡建设局');

    const red = await getPage(h, `/lists/red?q=${encodeURIComponent(tag)}`);
    expect(rowsOf(red.html)).toEqual([`/subjects/${praised.uscc}`]);
    expect((await getPage(h, '/lists/watch')).status).toBe(404);
  });

  it('filters by keyword (a former name too) and by department, keeping the choice', async () => {
    const byFormer = await getPage(h, `/lists/black?q=${encodeURIComponent(`盛京${tag}`)}`);
    expect(rowsOf(byFormer.html)).toEqual([`/subjects/${renamed.uscc}`]);
    const byCode = await getPage(h, `/lists/black?q=${other.uscc}`);
    expect(rowsOf(byCode.html)).toEqual([`/subjects/${other.uscc}`]);

    const byDept = await getPage(h, `/lists/black?q=${encodeURIComponent(tag)}&department=${DEPT_B}`);
    expect(rowsOf(byDept.html)).toEqual([`/subjects/${other.uscc}`]);
    expect(byDept.html).toMatch(new RegExp(`<option value="${DEPT_B}" selected`));
    expect(byDept.text).toContain('清除筛选');

    const none = await getPage(h, `/lists/black?q=${encodeURIComponent(`查无此名${tag}`)}`);
    expect(rowsOf(none.html)).toEqual([]);
    expect(none.text).toContain('没有符合筛选条件的条目');
  });

  it('pages through the list, keeping the filter', async () => {
    const first = await getPage(h, `/lists/black?q=${encodeURIComponent(tag)}&limit=1`);
    expect(rowsOf(first.html)).toHaveLength(1);
    const next = links(first.html).find((href) => href.includes('cursor='));
    expect(next).toContain(`q=${encodeURIComponent(tag)}`);
    const second = await getPage(h, next!);
    expect(rowsOf(second.html)).toHaveLength(1);
    expect(new Set([...rowsOf(first.html), ...rowsOf(second.html)])).toEqual(
      new Set([`/subjects/${renamed.uscc}`, `/subjects/${other.uscc}`]),
    );
    expect(second.text).toContain('已是最后一页');
  });

  it('names the wrong filter field instead of failing', async () => {
    const page = await getPage(h, `/lists/black?department=${DEPT_B.slice(0, 17)}Z`);
    expect(page.status).toBe(400);
    expect(page.text).toContain('认定部门');
    expect(page.html).toMatch(/aria-invalid="true"/);
    const cursor = await getPage(h, '/lists/black?cursor=garbage');
    expect(cursor.status).toBe(400);
  });
});
