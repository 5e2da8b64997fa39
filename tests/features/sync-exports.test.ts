import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { COMMITMENT_FIELDS } from '../../src/disclosure/export-commitments.js';
import { LIST_FIELDS, platformListRow } from '../../src/disclosure/export-lists.js';
import { PENALTY_FIELDS, wanYuan } from '../../src/disclosure/exports.js';
import { exportFile } from '../../src/features/platform/exports.js';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, publishedEntry, recordBody, transition, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The exports in the platform's own formats: the 行政处罚 CF_* template, the 黑名单 exchange fields and
 * the commitment fields, as CSV (BOM, CRLF, RFC 4180) or JSON, streamed; person identifiers go to the
 * platform and never to a public answer.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let platform: string;
let regulator: string;
let reviewer: string;

/** A resident ID number that passes GB 11643's check, as the disclosure module's detector requires. */
function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(first17[i]), 0);
  return first17 + '10X98765432'[sum % 11]!;
}
const ID_NUMBER = residentId('21010219850312443');
const MASKED = `${ID_NUMBER.slice(0, 6)}********${ID_NUMBER.slice(14)}`;

/** RFC 4180, written here: quoted fields, doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  expect(field === '' && row.length === 0, 'the file ends with CRLF').toBe(true);
  return rows;
}

/** The raw bytes of an answer (Response.text() would drop the byte-order mark). */
async function raw(path: string, token?: string) {
  const res = await h.app.request(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return { status: res.status, headers: res.headers, bytes: new Uint8Array(await res.arrayBuffer()) };
}

let organisation: { uscc: string; name: string };
let soleTrader: { uscc: string; name: string };
let fined: { id: string; documentNo: string };
let unpriced: { id: string; documentNo: string };

beforeAll(async () => {
  h = await createHarness({ clock });
  platform = await h.tokens.sign('platform');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  const now = new Date();
  await h.db
    .insertInto('credit.departments')
    .values({ id: newId('department', now), uscc: DEPT_A, name: '沈阳市人民防空办公室', region: '210100', sector: '人防', created_at: now })
    .execute();
  organisation = await createSubject(h, regulator, { name: '沈阳盛京"评估",咨询有限公司' });
  soleTrader = await createSubject(h, regulator, { uscc: uniqueUscc('92'), name: '沈阳市和平区老张装修服务部', kind: 'enterprise' });
  fined = await createRecord(h, regulator, organisation.uscc, {
    severity: 'serious',
    decidedOn: '2026-06-01',
    facts: `经营者张某（身份证号 ${ID_NUMBER}）无正当理由拖延出具评估报告 45 日, 拒不改正`,
    penalties: [
      { type: '罚款', content: '罚款人民币二万元', amountFen: '2000000' },
      { type: '限制从业', termMonths: 24 },
    ],
  });
  unpriced = await createRecord(h, regulator, soleTrader.uscc, {
    decidedOn: '2026-03-02',
    penalties: [{ type: '罚款', content: '罚款五千元' }],
  });
  // Not 行政处罚 decisions the platform receives: minor (not public), good, no penalty, no longer shown.
  await createRecord(h, regulator, organisation.uscc, { severity: 'minor', penalties: [{ type: '警告' }], decidedOn: '2026-07-01' });
  await createRecord(h, regulator, organisation.uscc, { kind: 'good', category: 'commendation', severity: undefined, penalties: [] });
  await createRecord(h, regulator, organisation.uscc, { penalties: [], decidedOn: '2026-08-03' });
  await createRecord(h, regulator, organisation.uscc, { decidedOn: '2023-01-10' });
  await publishedEntry(
    h,
    { regulator, reviewer },
    {
      subjectUscc: organisation.uscc,
      list: 'black',
      validUntil: '2029-06-01',
      recordIds: [fined.id],
      reason: `出具虚假评估报告，经营者身份证号 ${ID_NUMBER}`,
    },
  );
});
afterAll(() => h.close());

describe('GET /api/v1/sync/export?kind=penalties', () => {
  it('is a CSV in UTF-8 with a BOM, the current CF_* names as its header, CRLF, and the Chinese text intact', async () => {
    const res = await raw('/api/v1/sync/export?kind=penalties&format=csv', platform);
    expect(res.status, new TextDecoder().decode(res.bytes)).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="credit-penalties_start_2026-11-20\.csv"$/);
    expect([...res.bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true, fatal: true }).decode(res.bytes);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual([...PENALTY_FIELDS]);
    expect(header).not.toContain('CF_CFLB1');
    const byDocument = new Map(rows.map((r) => [r[header!.indexOf('CF_WSH')], Object.fromEntries(header!.map((f, i) => [f, r[i]]))]));
    expect([...byDocument.keys()].sort(), text).toEqual([fined.documentNo, unpriced.documentNo].sort());
    expect(byDocument.get(fined.documentNo)).toMatchObject({
      CF_XDR_MC: '沈阳盛京"评估",咨询有限公司',
      CF_XDR_LB: '法人及非法人组织',
      CF_XDR_SHXYM: organisation.uscc,
      CF_XDR_ZZJG: organisation.uscc.slice(8, 17),
      CF_FRDB: '王建国',
      CF_WFXW: '无故拖延办理',
      CF_SY: `经营者张某（身份证号 ${ID_NUMBER}）无正当理由拖延出具评估报告 45 日, 拒不改正`,
      CF_CFLB: '罚款;限制从业',
      CF_NR: '罚款人民币二万元；限制从业（24个月）',
      CF_NR_FK: '2.000000',
      CF_JDRQ: '2026-06-01',
      CF_YXQ: '2028-06-01',
      CF_CFJG: '沈阳市人民防空办公室',
      CF_CFJGDM: DEPT_A,
      CF_SJLYDM: DEPT_A,
      BZ: fined.id,
    });
    expect(byDocument.get(unpriced.documentNo)).toMatchObject({ CF_XDR_LB: '个体工商户', CF_NR_FK: '', CF_YXQ: '2099-12-31' });
  });

  it('gives amounts in 万元 exactly from integer fen, never through a float; only a sum of money has an amount', async () => {
    const warning = await h.request('POST', '/api/v1/records', {
      token: regulator,
      body: { ...recordBody(organisation.uscc), penalties: [{ type: '警告', amountFen: '100' }] },
    });
    expect(warning.status, show(warning)).toBe(400);
    expect(warning.body.errors.map((e: { path: string }) => e.path)).toContain('penalties.0.amountFen');
    expect(wanYuan(1n)).toBe('0.000001');
    expect(wanYuan(2_000_000n)).toBe('2.000000');
    expect(wanYuan(123_456_789_012_345_678n)).toBe('123456789012.345678');
  });

  it('is a JSON array with the same names, and filters on the decision date (from/to inclusive)', async () => {
    const all = await h.request('GET', '/api/v1/sync/export?kind=penalties&format=json', { token: platform });
    expect(all.status, show(all)).toBe(200);
    expect(all.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(all.body.map((r: Record<string, string>) => Object.keys(r))).toEqual([[...PENALTY_FIELDS], [...PENALTY_FIELDS]]);
    const documents = async (query: string) => {
      const res = await h.request('GET', `/api/v1/sync/export?kind=penalties&format=json&${query}`, { token: platform });
      expect(res.status, show(res)).toBe(200);
      return res.body.map((r: Record<string, string>) => r.CF_WSH);
    };
    expect(await documents('from=2026-06-01')).toEqual([fined.documentNo]);
    expect(await documents('to=2026-06-01&from=2026-03-02')).toEqual([fined.documentNo, unpriced.documentNo]);
    expect(await documents('to=2026-03-02')).toEqual([unpriced.documentNo]);
    expect(await documents('from=2026-06-02')).toEqual([]);
  });

  it('streams a chunk at a time: more rows than one chunk come out whole, once each, as the small-chunk file says', async () => {
    const ctx = { actor: { sub: 'platform:test', role: 'platform' as const }, clock, requestId: null };
    for (const format of ['csv', 'json'] as const) {
      const file = exportFile(ctx, { kind: 'penalties', format }, 1);
      const pieces: string[] = [];
      for await (const piece of file.body(h.db)) pieces.push(piece);
      // header or '[', one piece per one-row chunk, then ']' for JSON
      expect(pieces.length, pieces.join('|')).toBe(format === 'csv' ? 3 : 4);
      const whole = await raw(`/api/v1/sync/export?kind=penalties&format=${format}`, platform);
      expect(pieces.join('')).toBe(new TextDecoder('utf-8', { ignoreBOM: true }).decode(whole.bytes));
    }
  });

  it('reads over a database handle of its own, released once the body is sent or the client goes away', async () => {
    const events: string[] = [];
    const app = buildApp({
      ...h.deps,
      database: {
        acquire: async () => {
          events.push('acquire');
          return { db: h.db, release: async () => void events.push('release') };
        },
      },
    });
    const headers = { Authorization: `Bearer ${platform}` };
    const sent = await app.request('/api/v1/sync/export?kind=penalties', { headers });
    expect(events, 'the request’s handle is released, the file’s still open').toEqual(['acquire', 'acquire', 'release']);
    expect(new TextDecoder().decode(await sent.arrayBuffer())).toContain(fined.documentNo);
    expect(events).toEqual(['acquire', 'acquire', 'release', 'release']);
    events.length = 0;
    const abandoned = await app.request('/api/v1/sync/snapshot', { headers });
    await abandoned.body!.cancel();
    expect(events).toEqual(['acquire', 'acquire', 'release', 'release']);
  });

  it('answers 400 naming the field for a bad kind, format or date, and an end before the start', async () => {
    for (const [query, field] of [
      ['kind=fines', 'kind'],
      ['kind=lists&format=xlsx', 'format'],
      ['kind=lists&from=2026-02-30', 'from'],
      ['kind=lists&to=20260101', 'to'],
      ['kind=lists&from=2026-06-02&to=2026-06-01', 'to'],
      ['format=csv', 'kind'],
    ]) {
      const res = await h.request('GET', `/api/v1/sync/export?${query}`, { token: platform });
      expect(res.status, `${query}: ${show(res)}`).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(
        res.body.errors.map((e: { path: string }) => e.path),
        query,
      ).toContain(field);
    }
  });
});

describe('person identifiers', () => {
  it('reach the platform role only: every other role is refused the export', async () => {
    for (const role of ['regulator', 'reviewer', 'subject', 'applicant', 'finance'] as const) {
      const claims = role === 'subject' ? { uscc: organisation.uscc } : { dept: DEPT_A };
      const res = await h.request('GET', '/api/v1/sync/export?kind=penalties', { token: await h.tokens.sign(role, claims) });
      expect(res.status, `${role}: ${show(res)}`).toBe(403);
    }
    expect((await h.request('GET', '/api/v1/sync/export?kind=penalties')).status).toBe(401);
    const admin = await h.request('GET', '/api/v1/sync/export?kind=penalties&format=json', { token: await h.tokens.sign('admin') });
    expect(admin.status, show(admin)).toBe(200);
    expect(admin.text).toContain(ID_NUMBER);
  });

  it('never appear in a public answer or the snapshot, which show them masked', async () => {
    const answers = [
      await h.request('GET', `/api/v1/public/subjects/${organisation.uscc}`),
      await h.request('GET', '/api/v1/public/list-entries'),
      await h.request('GET', `/api/v1/public/subjects?q=${encodeURIComponent('盛京')}`),
      await h.request('GET', '/api/v1/sync/snapshot', { token: platform }),
    ];
    for (const res of answers) {
      expect(res.status, show(res)).toBe(200);
      expect(res.text, show(res)).not.toContain(ID_NUMBER);
    }
    expect(answers[0]!.text, show(answers[0]!)).toContain(MASKED);
    expect(answers[1]!.text, show(answers[1]!)).toContain(MASKED);
    expect(answers[3]!.text).toContain(MASKED);
    const lists = await h.request('GET', '/api/v1/sync/export?kind=lists&format=json', { token: platform });
    expect(lists.text, show(lists)).toContain(ID_NUMBER);
  });
});

describe('GET /api/v1/sync/export?kind=lists and kind=commitments', () => {
  it('gives the red and black entries with the 黑名单 exchange fields, the penalties they rest on, and no voided or unpublished one', async () => {
    const res = await h.request('GET', '/api/v1/sync/export?kind=lists&format=json', { token: platform });
    expect(res.status, show(res)).toBe(200);
    expect(res.body, show(res)).toHaveLength(1);
    expect(Object.keys(res.body[0])).toEqual([...LIST_FIELDS]);
    expect(res.body[0]).toMatchObject({
      TYSHXYDM: organisation.uscc,
      ZZJGDM: organisation.uscc.slice(8, 17),
      FDDBR: '王建国',
      RDDW: '沈阳市人民防空办公室',
      JGQC: '沈阳盛京"评估",咨询有限公司',
      XZCFHPJNR: `${fined.documentNo}：罚款人民币二万元；限制从业（24个月）`,
      MDLX: '黑名单',
      YXQ: '2029-06-01',
      YCRQ: '',
      YCYY: '',
    });
    const csv = await raw('/api/v1/sync/export?kind=lists', platform);
    const [header] = parseCsv(new TextDecoder().decode(csv.bytes));
    expect(header).toEqual([...LIST_FIELDS]);
  });

  it('shows an exited entry with its exit date and reason, and one exited by a repair without its facts (sharing stops)', async () => {
    const red = await createSubject(h, regulator);
    const entry = await publishedEntry(
      h,
      { regulator, reviewer },
      { subjectUscc: red.uscc, list: 'red', validUntil: '2027-12-31', reason: '连续两年信用评价 AAA' },
    );
    await transition(h, reviewer, entry.id, 'exit', { reason: 'standard_changed' });
    const res = await h.request('GET', '/api/v1/sync/export?kind=lists&format=json', { token: platform });
    const row = res.body.find((r: Record<string, string>) => r.TYSHXYDM === red.uscc);
    expect(row, show(res)).toMatchObject({ MDLX: '红名单', ZYSXSS: '连续两年信用评价 AAA', YCRQ: '2026-11-20', YCYY: '认定标准变化' });
    const facts = {
      subjectUscc: red.uscc,
      subjectName: red.name,
      legalRepresentative: '王建国',
      list: 'black',
      documentNo: '沈人防黑〔2026〕9号',
      departmentName: '沈阳市人民防空办公室',
      reason: '出具虚假评估报告',
      publishedOn: '2026-05-01',
      validUntil: '2029-05-01',
      records: [{ documentNo: '沈人防罚〔2026〕9号', penalties: [{ type: '罚款', content: '罚款人民币一万元' }] }],
    };
    expect(platformListRow({ ...facts, exitedOn: null, exitReason: null })).toMatchObject({
      ZYSXSS: '出具虚假评估报告',
      XZCFHPJNR: '沈人防罚〔2026〕9号：罚款人民币一万元',
    });
    expect(platformListRow({ ...facts, exitedOn: '2026-11-01', exitReason: 'repaired' })).toMatchObject({
      TYSHXYDM: red.uscc,
      RDWH: '沈人防黑〔2026〕9号',
      ZYSXSS: '',
      XZCFHPJNR: '',
      YCRQ: '2026-11-01',
      YCYY: '信用修复',
    });
  });

  it('gives public commitments with the commitment fields, and not one kept from the public', async () => {
    const body = (publicity: string) => ({
      subjectUscc: organisation.uscc,
      type: 'credit_repair',
      reason: '申请信用修复',
      content: '已纠正失信行为并履行全部义务',
      liability: '违诺的，三年内不得申请信用修复',
      madeOn: '2026-11-10',
      acceptingUnitName: '沈阳市人民防空办公室',
      publicity,
    });
    const shown = await h.request('POST', '/api/v1/commitments', { token: regulator, body: body('public') });
    expect(shown.status, show(shown)).toBe(201);
    const kept = await h.request('POST', '/api/v1/commitments', { token: regulator, body: body('not_public') });
    expect(kept.status, show(kept)).toBe(201);
    const res = await h.request('GET', '/api/v1/sync/export?kind=commitments&format=json&from=2026-11-10&to=2026-11-10', {
      token: platform,
    });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual([
      {
        承诺编码: shown.body.code,
        承诺人名称: '沈阳盛京"评估",咨询有限公司',
        承诺人类别: '法人及非法人组织',
        承诺人代码: organisation.uscc,
        承诺类型: '信用修复型',
        承诺事由: '申请信用修复',
        承诺内容: '已纠正失信行为并履行全部义务',
        违诺责任: '违诺的，三年内不得申请信用修复',
        承诺作出日期: '2026-11-10',
        有效期: '',
        履行状态: '',
        受理单位: '沈阳市人民防空办公室',
        受理单位代码: DEPT_A,
        公开类型: '公开',
      },
    ]);
    expect(Object.keys(res.body[0])).toEqual([...COMMITMENT_FIELDS]);
  });
});
