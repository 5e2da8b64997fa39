import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, DEPT_B, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { getPage, postForm, type WebResponse } from '../helpers/web.js';

/**
 * The regulators' credit console over the app (no browser): recording a case, the list entries with
 * their deadlines and only the allowed actions, the objection and repair queues by due date, the
 * commitments; another department is refused throughout, as the API refuses it.
 */
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
afterAll(async () => h.close());
beforeEach(() => clock.set(onDay('2026-11-20')));

let documents = 0;
const documentNo = (prefix = '沈人防罚') => `${prefix}〔2026〕${Date.now() % 100000}-${++documents}号`;

/** The fields of a valid serious case, as a clerk types them (the fine in 元). */
function caseForm(subjectUscc: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    subjectUscc,
    kind: 'dishonesty',
    category: 'false_materials',
    severity: 'serious',
    sector: '',
    documentNo: documentNo(),
    decidedOn: '2026-11-02',
    basis: '《沈阳市人民防空办公室中介服务管理规定》第十五条',
    facts: '在人防工程质量检测报告中提供虚假检测数据',
    obligationsUnmet: 'false',
    'penalties.0.type': '罚款',
    'penalties.0.content': '罚款人民币贰万元伍角',
    'penalties.0.amountFen': '20,000.50',
    'penalties.0.termMonths': '',
    'penalties.1.type': '降低资质等级',
    'penalties.1.content': '',
    'penalties.1.amountFen': '',
    'penalties.1.termMonths': '',
    'evidence.0.name': '',
    'evidence.0.sha256': '',
    ...overrides,
  };
}

/** The value an input shows (what the form kept). */
function shownValue(page: WebResponse, name: string): string | undefined {
  const input = new RegExp(`<input[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>`).exec(page.html)?.[0];
  if (input) return /value="([^"]*)"/.exec(input)?.[1];
  const area = new RegExp(`<textarea[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([^<]*)</textarea>`).exec(page.html);
  if (area) return area[1];
  const select = new RegExp(`<select[^>]*name="${name.replace(/\./g, '\\.')}"[^>]*>([\\s\\S]*?)</select>`).exec(page.html);
  return select ? /<option value="([^"]*)" selected=""/.exec(select[1]!)?.[1] : undefined;
}

/** The action URLs of the forms a page offers (signing out, in every page's header, aside). */
const formActions = (page: WebResponse) =>
  [...page.html.matchAll(/<form[^>]*method="post"[^>]*action="([^"]+)"/g)].map((m) => m[1]!).filter((a) => a !== '/console/sign-out');

async function subject() {
  const { uscc, name } = await createSubject(h, deptA, { legalRepresentative: '赵德明' });
  return { uscc, name, token: await h.tokens.sign('subject', { uscc }) };
}

async function recordCase(fields: Record<string, string>, token = deptA): Promise<string> {
  const res = await postForm(h, '/console/records/new', fields, token);
  expect(res.status, res.text.slice(0, 800)).toBe(303);
  return res.location!.split('/').pop()!;
}

async function apiRecord(uscc: string, overrides: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody(uscc, overrides) });
  expect(res.status, show(res)).toBe(201);
  return res.body as { id: string };
}

describe('recording a case', () => {
  it('shows the form to a regulator only', async () => {
    const page = await getPage(h, '/console/records/new', deptA);
    expect(page.status).toBe(200);
    expect(page.html).toContain('<title>登记失信案件');
    expect(page.text).toContain('罚没金额（一，元）');
    expect((await getPage(h, '/console/records/new', reviewer)).status).toBe(403);
  });

  it('keeps what was typed and names each wrong field in Chinese', async () => {
    const s = await subject();
    const fields = caseForm(`${s.uscc.slice(0, 17)}${s.uscc[17] === '0' ? '1' : '0'}`, {
      decidedOn: '',
      'penalties.0.amountFen': '2万',
    });
    const page = await postForm(h, '/console/records/new', fields, deptA);
    expect(page.status).toBe(400);
    expect(page.text).toContain('请修改以下内容后再提交');
    expect(page.text).toMatch(/主体统一社会信用代码：/);
    expect(page.text).toContain('决定日期：必填');
    expect(page.text).toContain('罚没金额（一，元）：金额格式不正确');
    expect(page.html).toContain('aria-invalid="true"');
    expect(shownValue(page, 'subjectUscc')).toBe(fields.subjectUscc);
    expect(shownValue(page, 'documentNo')).toBe(fields.documentNo);
    expect(shownValue(page, 'facts')).toBe(fields.facts);
    expect(shownValue(page, 'penalties.0.amountFen')).toBe('2万');
    expect(shownValue(page, 'severity')).toBe('serious');
    expect(shownValue(page, 'penalties.1.type')).toBe('降低资质等级');
  });

  it("names the field a verb's refusal is about, keeping the values", async () => {
    const s = await subject();
    const page = await postForm(h, '/console/records/new', caseForm(s.uscc, { severity: 'minor' }), deptA);
    expect(page.status).toBe(422);
    expect(page.text).toContain('失信程度：');
    expect(shownValue(page, 'severity')).toBe('minor');
    const future = await postForm(h, '/console/records/new', caseForm(s.uscc, { decidedOn: '2026-12-01' }), deptA);
    expect(future.status).toBe(400);
    expect(future.text).toContain('决定日期：');
  });

  it('writes once when the same form arrives twice at the same moment (a double click): both follow one redirect', async () => {
    const s = await subject();
    const form = await getPage(h, '/console/records/new', deptA);
    const key = /name="_once" value="([^"]+)"/.exec(form.html)?.[1];
    const fields: Record<string, string> = { ...caseForm(s.uscc), _once: key! };
    const [one, two] = await Promise.all([
      postForm(h, '/console/records/new', fields, deptA),
      postForm(h, '/console/records/new', fields, deptA),
    ]);
    expect([one.status, two.status], `${one.text.slice(0, 300)} | ${two.text.slice(0, 300)}`).toEqual([303, 303]);
    expect(two.location).toBe(one.location);
    const stored = await h.db.selectFrom('credit.records').select('id').where('document_no', '=', fields.documentNo!).execute();
    expect(stored).toHaveLength(1);

    const changed = await postForm(h, '/console/records/new', { ...fields, facts: '另一份事实' }, deptA);
    expect(changed.status).toBe(409);
    expect(changed.text).toContain('这张表单已经提交过');
  });

  it('records a valid case once, with its audit row, the fine exact in fen, and shows it on its page', async () => {
    const s = await subject();
    const form = await getPage(h, '/console/records/new', deptA);
    const key = /name="_once" value="([^"]+)"/.exec(form.html)?.[1];
    expect(key).toBeTruthy();
    const fields: Record<string, string> = { ...caseForm(s.uscc), _once: key! };
    const first = await postForm(h, '/console/records/new', fields, deptA);
    expect(first.status, first.text.slice(0, 600)).toBe(303);
    expect(first.location).toMatch(/^\/console\/records\/rec_[0-9A-Z]{26}$/);
    const again = await postForm(h, '/console/records/new', fields, deptA);
    expect(again.status).toBe(303);
    expect(again.location).toBe(first.location);
    const id = first.location!.split('/').pop()!;

    const stored = await h.db
      .selectFrom('credit.records')
      .select(['id', 'penalties'])
      .where('document_no', '=', fields.documentNo!)
      .execute();
    expect(stored.map((r) => r.id)).toEqual([id]);
    expect((stored[0]!.penalties as { amountFen?: string }[])[0]!.amountFen).toBe('2000050');
    const audit = await h.db.selectFrom('audit.entries').select('action').where('entity_id', '=', id).execute();
    expect(audit.map((a) => a.action)).toEqual(['record.create']);

    const page = await getPage(h, `/console/records/${id}`, deptA);
    expect(page.status).toBe(200);
    expect(page.html).toContain(`<title>信用记录 ${fields.documentNo}`);
    expect(page.text).toContain(s.name);
    expect(page.text).toContain('严重');
    expect(page.text).toContain('¥20,000.50');
    expect(page.text).toContain('降低资质等级');
    expect(page.html).toContain(`href="/console/entries/new?record=${id}&amp;list=black"`);
    expect(formActions(page)).toContain(`/console/records/${id}/correction`);

    // The reviewer reads it and may not change it; the department's list shows it.
    const read = await getPage(h, `/console/records/${id}`, reviewer);
    expect(read.status).toBe(200);
    expect(formActions(read).filter((a) => a.startsWith('/console/records/'))).toEqual([]);
    const list = await getPage(h, `/console/records?subject=${s.uscc}`, deptA);
    expect(list.text).toContain(fields.documentNo!);
  });

  it('corrects a record with only what changed, keeping the old revision', async () => {
    const s = await subject();
    const id = await recordCase(caseForm(s.uscc, { severity: 'general', category: 'unjustified_delay', 'penalties.1.type': '' }));
    const page = await getPage(h, `/console/records/${id}`, deptA);
    const unchanged = await postForm(h, `/console/records/${id}/correction`, { 'correction.reason': '核对' }, deptA);
    expect(unchanged.status).toBe(400);
    expect(unchanged.text).toContain('请至少修改一项内容');
    const res = await postForm(
      h,
      `/console/records/${id}/correction`,
      {
        'correction.severity': 'serious',
        'correction.documentNo': shownValue(page, 'correction.documentNo')!,
        'correction.decidedOn': '2026-11-02',
        'correction.basis': shownValue(page, 'correction.basis')!,
        'correction.facts': shownValue(page, 'correction.facts')!,
        'correction.reason': '复核认定情节严重',
      },
      deptA,
    );
    expect(res.status, res.text.slice(0, 600)).toBe(303);
    const after = await getPage(h, `/console/records/${id}`, deptA);
    expect(after.text).toContain('第 2 版');
    expect(after.text).toContain('复核认定情节严重');
  });

  it('lists a record held past its period for unmet obligations, and ends its display by decision', async () => {
    const s = await subject();
    // Decided 2023-06-01 (58号令, 一般: at most 3 years): shown until 2026-06-01, held since.
    const held = await apiRecord(s.uscc, { severity: 'general', decidedOn: '2023-06-01', obligationsUnmet: true });
    const list = await getPage(h, '/console/records', deptA);
    expect(list.text).toContain('公示期满、义务尚未履行的记录');
    expect(list.html).toContain(`/console/records/${held.id}`);
    const base = `/console/records/${held.id}`;
    const page = await getPage(h, base, deptA);
    expect(page.text).toContain('公示期满，义务未履行，待决定');
    expect(formActions(page)).toEqual([`${base}/correction`, `${base}/obligations-met`, `${base}/display-end`]);
    const empty = await postForm(h, `${base}/display-end`, { 'displayEnd.reason': '' }, deptA);
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('停止公示的理由：必填');
    const ended = await postForm(h, `${base}/display-end`, { 'displayEnd.reason': '按行业规定停止公示' }, deptA);
    expect(ended.status, ended.text.slice(0, 600)).toBe(303);
    const after = await getPage(h, base, deptA);
    expect(after.text).toContain('经决定停止公示');
    expect(formActions(after)).toEqual([`${base}/correction`, `${base}/obligations-met`]);
  });

  it('lists the department its own records only, a page at a time', async () => {
    const s = await subject();
    const one = await recordCase(caseForm(s.uscc, { severity: 'general', category: 'unjustified_delay', 'penalties.1.type': '' }));
    const two = await recordCase(caseForm(s.uscc, { severity: 'general', category: 'unjustified_delay', 'penalties.1.type': '' }));
    const first = await getPage(h, `/console/records?subject=${s.uscc}&limit=1`, deptA);
    expect(first.status).toBe(200);
    expect(first.html).toContain(`/console/records/${two}`);
    expect(first.html).not.toContain(`/console/records/${one}`);
    const next = /href="([^"]+)" rel="next"/.exec(first.html)![1]!.replace(/&amp;/g, '&');
    const second = await getPage(h, next, deptA);
    expect(second.html).toContain(`/console/records/${one}`);
    expect(second.text).toContain('已是最后一页');
    const other = await getPage(h, `/console/records?subject=${s.uscc}`, deptB);
    expect(other.status).toBe(200);
    expect(other.text).toContain('没有符合条件的记录');
    expect((await getPage(h, `/console/records?department=${DEPT_A}`, deptB)).status).toBe(403);
    expect((await getPage(h, '/console/records?kind=bad', deptA)).status).toBe(400);
    // The same verb answers the API.
    const api = await h.request('GET', `/api/v1/records?subject=${s.uscc}`, { token: deptA });
    expect(api.status, show(api)).toBe(200);
    expect(api.body.items.map((r: { id: string }) => r.id)).toEqual([two, one]);
    expect((await h.request('GET', `/api/v1/records?department=${DEPT_A}`, { token: deptB })).status).toBe(403);
  });
});

describe('list entries in the console', () => {
  async function proposedFromPage(uscc: string) {
    const record = await recordCase(caseForm(uscc));
    const form = await getPage(h, `/console/entries/new?record=${record}&list=black`, deptA);
    expect(form.status).toBe(200);
    expect(shownValue(form, 'subjectUscc')).toBe(uscc);
    expect(form.html).toMatch(new RegExp(`name="recordIds\\.0" value="${record}" checked=""`));
    const fields = {
      subjectUscc: uscc,
      list: 'black',
      'recordIds.0': record,
      reason: shownValue(form, 'reason')!,
      basis: shownValue(form, 'basis')!,
      documentNo: documentNo('沈人防黑'),
      validUntil: shownValue(form, 'validUntil')!,
    };
    const res = await postForm(h, '/console/entries/new', fields, deptA);
    expect(res.status, res.text.slice(0, 800)).toBe(303);
    return { record, entry: res.location!.split('/').pop()!, documentNo: fields.documentNo };
  }

  it('keeps the proposal form and names the wrong field', async () => {
    const s = await subject();
    const res = await postForm(
      h,
      '/console/entries/new',
      { subjectUscc: s.uscc, list: 'black', reason: '虚假材料', basis: '', documentNo: documentNo('沈人防黑'), validUntil: '2026-11-01' },
      deptA,
    );
    expect(res.status).toBe(400);
    expect(res.text).toContain('依据：必填');
    expect(shownValue(res, 'reason')).toBe('虚假材料');
    const refused = await postForm(
      h,
      '/console/entries/new',
      {
        subjectUscc: s.uscc,
        list: 'black',
        reason: '虚假材料',
        basis: '第五条',
        documentNo: documentNo('沈人防黑'),
        validUntil: '2027-11-01',
      },
      deptA,
    );
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('不符合规则');
  });

  it('offers only the actions the state and the role allow, with the days left on each deadline', async () => {
    const s = await subject();
    const { entry, documentNo: no } = await proposedFromPage(s.uscc);
    const base = `/console/entries/${entry}`;

    const proposed = await getPage(h, base, deptA);
    expect(proposed.status).toBe(200);
    expect(proposed.text).toContain('拟列入');
    expect(formActions(proposed).filter((a) => a.startsWith(base))).toEqual([`${base}/notify`, `${base}/withdraw`]);
    const asReviewer = await getPage(h, base, reviewer);
    expect(formActions(asReviewer).filter((a) => a.startsWith(base))).toEqual([]);
    expect(asReviewer.text).toContain('没有可以办理的事项');

    const notified = await postForm(
      h,
      `${base}/notify`,
      { 'notify.reason': '告知拟列入的事实和理由', 'notify.documentNo': '沈人防告〔2026〕7号' },
      deptA,
    );
    expect(notified.status, notified.text.slice(0, 600)).toBe(303);
    // 2026-11-20 (Friday) + 5 working days: 2026-11-27.
    const regulatorView = await getPage(h, base, deptA);
    expect(regulatorView.text).toContain('2026-11-27（剩 7 天）');
    expect(formActions(regulatorView).filter((a) => a.startsWith(base))).toEqual([`${base}/withdraw`]);
    const reviewerView = await getPage(h, base, reviewer);
    expect(formActions(reviewerView).filter((a) => a.startsWith(base))).toEqual([]);
    expect(reviewerView.text).toContain('期满后方可审核公示');
    const subjectView = await getPage(h, base, s.token);
    expect(formActions(subjectView).filter((a) => a.startsWith(base))).toEqual([`${base}/statement`]);

    // Publishing inside the window is refused, and the page says why.
    const early = await postForm(h, `${base}/publish`, { 'publish.reason': '审核通过' }, reviewer);
    expect(early.status).toBe(409);
    expect(early.text).toContain('前提条件尚不满足');
    expect(early.text).toContain('2026-11-27');

    // The entries list shows the deadline; after the window the reviewer may publish.
    const list = await getPage(h, '/console/entries?state=notified', deptA);
    expect(list.text).toContain(no);
    expect(list.text).toContain('2026-11-27（剩 7 天）');
    clock.set(onDay('2026-11-30'));
    const overdue = await getPage(h, base, deptA);
    expect(overdue.html).toMatch(/class="overdue">2026-11-27（已逾期 3 天）/);
    const ready = await getPage(h, base, reviewer);
    expect(formActions(ready).filter((a) => a.startsWith(base))).toEqual([`${base}/publish`]);
    const published = await postForm(h, `${base}/publish`, { 'publish.reason': '陈述申辩期满，审核通过' }, reviewer);
    expect(published.status, published.text.slice(0, 600)).toBe(303);

    const after = await getPage(h, base, deptA);
    expect(after.text).toContain('已公示');
    expect(formActions(after).filter((a) => a.startsWith(base))).toEqual([`${base}/exit`]);
    expect(after.html).toContain('<option value="standard_changed"');
    expect(after.html).not.toContain('<option value="repaired"');
    expect(after.text).toContain('告知');
    expect(after.text).toContain('沈人防告〔2026〕7号');
    expect(after.text).toContain('审核公示');

    // An action the state does not allow is refused with the reason, the page shown again.
    const twice = await postForm(h, `${base}/notify`, { 'notify.reason': '再次告知' }, deptA);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('当前状态不允许此操作');
  });

  it("refuses another department's regulator the record and the entry, and any action on them", async () => {
    const s = await subject();
    const { record, entry } = await proposedFromPage(s.uscc);
    expect((await getPage(h, `/console/records/${record}`, deptB)).status).toBe(403);
    expect((await getPage(h, `/console/entries/${entry}`, deptB)).status).toBe(403);
    expect((await getPage(h, `/console/entries/new?record=${record}`, deptB)).status).toBe(403);
    const notify = await postForm(h, `/console/entries/${entry}/notify`, { 'notify.reason': '告知' }, deptB);
    expect(notify.status).toBe(403);
    const withdraw = await postForm(h, `/console/entries/${entry}/withdraw`, {}, deptB);
    expect(withdraw.status).toBe(403);
    expect(withdraw.text).not.toContain('必填');
    const correct = await postForm(
      h,
      `/console/records/${record}/correction`,
      { 'correction.reason': '改', 'correction.severity': 'minor' },
      deptB,
    );
    expect(correct.status).toBe(403);
    const api = await h.request('GET', `/api/v1/list-entries/${entry}`, { token: deptA });
    expect(api.body.state).toBe('proposed');
    const list = await getPage(h, '/console/entries', deptB);
    expect(list.html).not.toContain(entry);
    expect((await getPage(h, `/console/entries/lst_${'0'.repeat(26)}`, deptA)).status).toBe(404);
  });
});

describe('the objection and repair queues', () => {
  it('sorts objections by the running deadline and marks the overdue ones', async () => {
    const s = await subject();
    const first = await apiRecord(s.uscc);
    const second = await apiRecord(s.uscc);
    const file = async (targetId: string) => {
      const res = await h.request('POST', '/api/v1/objections', {
        token: s.token,
        body: { target: 'record', targetId, grounds: '处罚决定已被复议撤销' },
      });
      expect(res.status, show(res)).toBe(201);
      return res.body as { id: string; forwardDueOn: string };
    };
    const late = await file(first.id); // forward by 2026-11-23
    clock.set(onDay('2026-11-24'));
    const fresh = await file(second.id); // forward by 2026-11-25
    const queue = await getPage(h, `/console/objections?state=open`, deptA);
    expect(queue.status).toBe(200);
    const at = (id: string) => queue.html.indexOf(`/console/objections/${id}`);
    expect(at(late.id)).toBeGreaterThan(0);
    expect(at(late.id)).toBeLessThan(at(fresh.id));
    const row = (id: string) => new RegExp(`<tr class="overdue">(?:(?!</tr>)[\\s\\S])*${id}`).test(queue.html);
    expect(row(late.id)).toBe(true);
    expect(row(fresh.id)).toBe(false);
    expect(queue.text).toContain('2026-11-23（已逾期 1 天）');
    expect(queue.text).toContain('2026-11-25（剩 1 天）');
    expect((await getPage(h, '/console/objections?state=open', deptB)).html).not.toContain(late.id);

    // The admin forwards; the department then decides, with the form the API offers.
    const admin = await h.tokens.sign('admin');
    const filed = await getPage(h, `/console/objections/${late.id}`, admin);
    expect(formActions(filed)).toEqual([`/console/objections/${late.id}/forward`]);
    expect((await postForm(h, `/console/objections/${late.id}/forward`, {}, admin)).status).toBe(303);
    const forwarded = await getPage(h, `/console/objections/${late.id}`, deptA);
    expect(formActions(forwarded)).toEqual([`/console/objections/${late.id}/decision`, `/console/objections/${late.id}/extension`]);
    expect((await getPage(h, `/console/objections/${late.id}`, deptB)).status).toBe(403);
    const noReason = await postForm(
      h,
      `/console/objections/${late.id}/decision`,
      { 'decision.decision': 'rejected', 'decision.reason': '' },
      deptA,
    );
    expect(noReason.status).toBe(400);
    expect(noReason.text).toContain('理由：必填');
    const partly = await postForm(
      h,
      `/console/objections/${late.id}/decision`,
      { 'decision.decision': 'partly_upheld', 'decision.reason': '决定日期有误' },
      deptA,
    );
    expect(partly.status).toBe(400);
    expect(partly.text).toContain('更正内容');
    const decided = await postForm(
      h,
      `/console/objections/${late.id}/decision`,
      { 'decision.decision': 'rejected', 'decision.reason': '处罚决定仍然有效' },
      deptA,
    );
    expect(decided.status, decided.text.slice(0, 600)).toBe(303);
    const done = await getPage(h, `/console/objections/${late.id}`, deptA);
    expect(done.text).toContain('异议不成立');
    expect(formActions(done).filter((a) => a.startsWith('/console/objections'))).toEqual([]);
  });

  it('sorts repairs by the running deadline, marks the overdue ones, and decides them', async () => {
    const s = await subject();
    const one = await apiRecord(s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const two = await apiRecord(s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const apply = async (targetId: string) => {
      const res = await postForm(
        h,
        '/console/repairs/new',
        { targetId, commitment: '本单位已整改完毕，承诺今后依法执业', 'evidence.0.name': '', 'evidence.0.sha256': '' },
        s.token,
      );
      expect(res.status, res.text.slice(0, 800)).toBe(303);
      return res.location!.split('/').pop()!;
    };
    const form = await getPage(h, '/console/repairs/new', s.token);
    expect(form.status).toBe(200);
    expect(form.html).toContain(`<option value="${one.id}"`);
    const late = await apply(one.id); // accept or refuse by 2026-11-25
    clock.set(onDay('2026-11-26'));
    const fresh = await apply(two.id); // by 2026-12-01
    const queue = await getPage(h, '/console/repairs', deptA);
    expect(queue.html.indexOf(late)).toBeLessThan(queue.html.indexOf(fresh));
    expect(new RegExp(`<tr class="overdue">(?:(?!</tr>)[\\s\\S])*${late}`).test(queue.html)).toBe(true);
    expect(new RegExp(`<tr class="overdue">(?:(?!</tr>)[\\s\\S])*${fresh}`).test(queue.html)).toBe(false);
    expect(queue.text).toContain('2026-11-25（已逾期 1 天）');
    expect((await getPage(h, '/console/repairs', deptB)).html).not.toContain(late);
    expect((await getPage(h, `/console/repairs/${late}`, deptB)).status).toBe(403);
    expect((await postForm(h, `/console/repairs/${late}/acceptance`, { 'acceptance.decision': 'accept' }, deptB)).status).toBe(403);

    // Applying twice for the same record is refused with the reason, the form kept.
    const twice = await postForm(h, '/console/repairs/new', { targetId: one.id, commitment: '再次申请' }, s.token);
    expect(twice.status).toBe(409);
    expect(twice.text).toContain('与现有数据冲突');
    expect(shownValue(twice, 'commitment')).toBe('再次申请');

    const base = `/console/repairs/${late}`;
    expect(formActions(await getPage(h, base, deptA))).toEqual([`${base}/acceptance`]);
    expect(formActions(await getPage(h, base, s.token))).toEqual([]);
    const refuse = await postForm(h, `${base}/acceptance`, { 'acceptance.decision': 'refuse', 'acceptance.missing': '' }, deptA);
    expect(refuse.status).toBe(400);
    expect(refuse.text).toContain('需补正的材料');
    expect(
      (await postForm(h, `${base}/acceptance`, { 'acceptance.decision': 'accept', 'acceptance.complex': 'false' }, deptA)).status,
    ).toBe(303);
    expect(formActions(await getPage(h, base, deptA))).toEqual([`${base}/decision`]);
    const approved = await postForm(
      h,
      `${base}/decision`,
      { 'decision.decision': 'approve', 'decision.reason': '已整改并履行义务' },
      deptA,
    );
    expect(approved.status, approved.text.slice(0, 600)).toBe(303);
    const done = await getPage(h, base, deptA);
    expect(done.text).toContain('准予修复');
    expect(formActions(done)).toEqual([`${base}/revocation`]);
    const record = await getPage(h, `/console/records/${one.id}`, deptA);
    expect(record.text).toContain('已信用修复');
  });
});

describe('commitments', () => {
  it('records one, lists it, and offers the decision to the accepting unit only', async () => {
    const s = await subject();
    const bad = await postForm(
      h,
      '/console/commitments/new',
      {
        subjectUscc: s.uscc,
        type: 'voluntary',
        reason: '',
        content: '依法经营',
        liability: '承担违诺责任',
        madeOn: '2026-11-20',
        acceptingUnitName: '沈阳市人防办',
        publicity: 'public',
      },
      deptA,
    );
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('承诺事由：必填');
    expect(shownValue(bad, 'content')).toBe('依法经营');
    const res = await postForm(
      h,
      '/console/commitments/new',
      {
        subjectUscc: s.uscc,
        type: 'voluntary',
        reason: '主动承诺',
        content: '依法经营',
        liability: '承担违诺责任',
        madeOn: '2026-11-20',
        validUntil: '2026-11-25',
        acceptingUnitName: '沈阳市人防办',
        publicity: 'public',
      },
      deptA,
    );
    expect(res.status, res.text.slice(0, 600)).toBe(303);
    const id = res.location!.split('/').pop()!;
    clock.set(onDay('2026-11-27'));
    const list = await getPage(h, `/console/commitments?subject=${s.uscc}`, deptA);
    expect(list.status).toBe(200);
    expect(list.html).toContain(`/console/commitments/${id}`);
    expect(list.text).toContain('已过有效期，待认定履约');
    const own = await getPage(h, `/console/commitments/${id}`, deptA);
    expect(formActions(own)).toEqual([`/console/commitments/${id}/fulfilment`]);
    const other = await getPage(h, `/console/commitments/${id}`, deptB);
    expect(other.status).toBe(200);
    expect(formActions(other).filter((a) => a.startsWith('/console/commitments'))).toEqual([]);
    expect(
      (
        await postForm(
          h,
          `/console/commitments/${id}/fulfilment`,
          { 'fulfilment.status': 'fulfilled', 'fulfilment.decidedOn': '2026-11-27' },
          deptB,
        )
      ).status,
    ).toBe(403);
    const noDocument = await postForm(
      h,
      `/console/commitments/${id}/fulfilment`,
      { 'fulfilment.status': 'unfulfilled', 'fulfilment.decidedOn': '2026-11-27' },
      deptA,
    );
    expect(noDocument.status).toBe(400);
    expect(noDocument.text).toContain('认定文书号');
    const kept = await postForm(
      h,
      `/console/commitments/${id}/fulfilment`,
      { 'fulfilment.status': 'fulfilled', 'fulfilment.decidedOn': '2026-11-27' },
      deptA,
    );
    expect(kept.status).toBe(303);
    const after = await getPage(h, `/console/commitments/${id}`, s.token);
    expect(after.text).toContain('全部履行');
  });
});
