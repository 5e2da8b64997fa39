import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { announcementBody, draft, signUp } from '../helpers/market-announcements.js';
import { getPage, postForm, type WebResponse } from '../helpers/web.js';

/**
 * The applicant's console over the announcements verbs: its own announcements only, a draft form whose
 * contract is the API's body schema (money typed in 元, sent in fen), and on each announcement only the
 * next steps the state machine allows its owner now, each a form posting to the API's verb.
 */
const clock = settableClock(onDay('2026-11-20')); // a Friday
let h: Harness;
let owner: string;
let other: string;
let regulator: string;
let admin: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  owner = await h.tokens.sign('applicant', { sub: 'applicant:edu-bureau' });
  other = await h.tokens.sign('applicant', { sub: 'applicant:other-bureau' });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => h.close());
beforeEach(() => clock.set(onDay('2026-11-20')));

/** The draft form's fields for a body of the API: money in 元, moments in Beijing time, lists one a line. */
function formOf(overrides: Record<string, unknown> = {}): Record<string, string> {
  const b = announcementBody(overrides) as Record<string, any>;
  const local = (iso: string) => new Date(Date.parse(iso) + 8 * 3600_000).toISOString().slice(0, 16);
  return {
    projectName: b.projectName,
    projectCode: b.projectCode,
    ownerName: b.ownerName,
    service: b.service,
    region: b.region,
    fiscal: String(b.fiscal),
    mode: b.mode,
    quoteKind: b.quoteKind,
    priceCapFen: '30000',
    priceFloorFen: '1000',
    signupDeadline: local(b.signupDeadline),
    selectionAt: local(b.selectionAt),
    'qualifications.match': 'any',
    'qualifications.names': b.qualifications.names.join('\n'),
    minStaff: String(b.minStaff),
    witnesses: 'false',
    publishWinner: 'true',
    complaintContact: b.complaintContact,
    description: b.description,
  };
}

/** The paths of the forms a page offers (its POST actions). */
const formsOn = (page: WebResponse) => [...page.html.matchAll(/<form method="post" action="([^"]+)"/g)].map((m) => m[1]!);
const actionsOf = (page: WebResponse, id: string) =>
  formsOn(page)
    .filter((path) => path.startsWith(`/console/announcements/${id}/`))
    .map((path) => path.slice(`/console/announcements/${id}/`.length))
    .sort();

describe('my announcements', () => {
  it('lists only the applicant’s own, with state and next deadline; another applicant’s is refused', async () => {
    const mine = await draft(h, owner, { projectName: '沈阳市第一二六中学人防工程施工图审查' });
    const theirs = await draft(h, other, { projectName: '别家的人防工程施工图审查' });

    const list = await getPage(h, '/console/announcements', owner);
    expect(list.status, list.text).toBe(200);
    expect(list.html).toContain('<title>我的项目公告');
    expect(list.html).toContain(`href="/console/announcements/${mine.id}"`);
    expect(list.text).toContain('沈阳市第一二六中学人防工程施工图审查');
    expect(list.text).not.toContain('别家的人防工程施工图审查');
    expect(list.text).toContain('草稿');
    // The draft must be published before sign-up closes on 2026-11-27 (Beijing), 7 days from today.
    expect(list.text).toContain('2026-11-27（剩 7 天）');

    const refused = await getPage(h, `/console/announcements/${theirs.id}`, owner);
    expect(refused.status).toBe(403);
    expect(refused.text).not.toContain('别家的人防工程施工图审查');
    expect((await postForm(h, `/console/announcements/${theirs.id}/publish`, {}, owner)).status).toBe(403);
    expect((await h.request('GET', `/api/v1/market/announcements/${theirs.id}`, { token: other })).body.state).toBe('draft');
    expect((await getPage(h, '/console/announcements/ann_01AAAAAAAAAAAAAAAAAAAAAAAA', owner)).status).toBe(404);
    expect((await getPage(h, '/console/announcements', regulator)).status).toBe(403);
  });
});

describe('the draft form', () => {
  it('keeps what was typed and names each wrong field', async () => {
    const form = await getPage(h, '/console/announcements/new', owner);
    expect(form.status).toBe(200);
    expect(form.html).toContain('name="priceCapFen"');
    expect(form.text).toContain('最高限价（元）');

    const typed: Record<string, string> = { ...formOf(), projectCode: '2026-2101', priceCapFen: '12,000.555', complaintContact: '' };
    const res = await postForm(h, '/console/announcements/new', typed, owner);
    expect(res.status).toBe(400);
    expect(res.text).toContain('请修改以下内容后再提交');
    expect(res.text).toMatch(/投资项目代码：格式不正确/);
    expect(res.text).toMatch(/最高限价（元）：金额格式不正确/);
    expect(res.text).toMatch(/投诉联系方式：必填/);
    expect(res.html).toContain(`value="${typed.projectName}"`);
    expect(res.html).toContain('value="12,000.555"');
    expect(res.html).toContain('value="2026-2101"');

    // A rule of the body across fields: the selection may not come before the sign-up deadline.
    const early = await postForm(h, '/console/announcements/new', { ...formOf(), selectionAt: '2026-11-26T09:00' }, owner);
    expect(early.status).toBe(400);
    expect(early.text).toMatch(/选取时间：before the sign-up deadline/);
  });

  it('saves a draft with the money typed in 元 as exact fen, and edits it', async () => {
    const fields: Record<string, string> = { ...formOf(), priceCapFen: '12,345.67', priceFloorFen: '0.1' };
    const res = await postForm(h, '/console/announcements/new', fields, owner);
    expect(res.status, res.text).toBe(303);
    const id = /^\/console\/announcements\/(ann_[0-9A-Z]{26})\?done=created$/.exec(res.location ?? '')?.[1];
    expect(id, res.location ?? '').toBeDefined();
    const saved = await h.request('GET', `/api/v1/market/announcements/${id}`, { token: owner });
    expect(saved.body).toMatchObject({
      state: 'draft',
      priceCapFen: '1234567',
      priceFloorFen: '10',
      projectName: fields.projectName,
      signupDeadline: '2026-11-27T02:00:00.000Z',
    });
    const page = await getPage(h, res.location!, owner);
    expect(page.text).toContain('草稿已保存');
    expect(page.text).toContain('最高限价 ¥12,345.67，最低限价 ¥0.10');

    const edit = await getPage(h, `/console/announcements/${id}/edit`, owner);
    expect(edit.html).toContain('value="12345.67"');
    expect(edit.html).toContain('value="2026-11-27T10:00"');
    const edited = await postForm(h, `/console/announcements/${id}/edit`, { ...fields, priceCapFen: '20000' }, owner);
    expect(edited.status, edited.text).toBe(303);
    expect((await h.request('GET', `/api/v1/market/announcements/${id}`, { token: owner })).body.priceCapFen).toBe('2000000');
  });
});

describe('the next steps', () => {
  it('offers only what the state allows, runs each through the API’s verb, and shows a refusal with its reason', async () => {
    const a = await draft(h, owner);
    const path = `/console/announcements/${a.id}`;
    const at = async (done?: string) => {
      const page = await getPage(h, done ? `${path}?done=${done}` : path, owner);
      expect(page.status, page.text).toBe(200);
      return page;
    };
    const act = async (action: string, fields: Record<string, string> = {}) => {
      const res = await postForm(h, `${path}/${action}`, fields, owner);
      expect(res.status, `${action}: ${res.text.slice(0, 800)}`).toBe(303);
      expect(res.location).toBe(`${path}?done=${action}`);
    };

    let page = await at();
    expect(actionsOf(page, a.id)).toEqual(['cancel', 'publish']);
    expect(page.html).toContain(`href="${path}/edit"`);

    await act('publish');
    page = await at('publish');
    expect(page.text).toContain('公告已发布');
    expect(page.text).toContain('报名中');
    expect(actionsOf(page, a.id)).toEqual(['cancel']);
    expect(page.text).toContain('到后可开始选取');
    // Posted anyway before its time, the selection is refused on the page with the verb's reason.
    const early = await postForm(h, `${path}/selection`, {}, owner);
    expect(early.status).toBe(409);
    expect(early.text).toContain('the selection is at 2026-11-27T03:00:00.000Z');

    const agencies = await Promise.all([0, 1, 2].map(() => admittedAgency(h, { regulator, admin })));
    for (const agency of agencies) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    page = await at();
    expect(actionsOf(page, a.id), 'a draw is no longer cancelled at its selection time').toEqual(['selection']);
    await act('selection');
    page = await at();
    expect(page.text).toContain('结果公示中');
    for (const agency of agencies) expect(page.text).toContain(agency.name);
    const sel = (await h.request('GET', `/api/v1/market/announcements/${a.id}`, { token: owner })).body.result;
    expect(page.html).toContain(`href="/api/v1/market/selections/${sel.selectionId}/proof"`);
    expect(page.html).toContain(`href="/market/announcements/${a.id}"`);
    expect(actionsOf(page, a.id)).toEqual([]);
    expect(page.text).toContain('公示期至 2026-12-02');

    clock.set(onDay('2026-12-03'));
    page = await at();
    expect(actionsOf(page, a.id)).toEqual(['confirm']);
    await act('confirm');
    page = await at();
    expect(actionsOf(page, a.id)).toEqual(['contract']);

    const contract = { number: '沈教合〔2026〕88号', amountFen: '15,000.50', startsOn: '2026-12-05', endsOn: '2026-12-01' };
    const wrong = await postForm(h, `${path}/contract`, contract, owner);
    expect(wrong.status).toBe(400);
    expect(wrong.text).toMatch(/服务结束日期：before startsOn/);
    expect(wrong.html).toContain('value="沈教合〔2026〕88号"');
    expect(wrong.html).toContain('value="15,000.50"');
    await act('contract', { ...contract, endsOn: '2027-01-31' });
    page = await at();
    expect(page.text).toContain('¥15,000.50');
    expect(actionsOf(page, a.id), 'the service starts on the contract’s start day').toEqual(['extension']);

    clock.set(onDay('2026-12-07'));
    page = await at();
    expect(actionsOf(page, a.id)).toEqual(['extension', 'start']);
    await act('start');
    page = await at();
    expect(page.text).toContain('服务中');
    expect(actionsOf(page, a.id)).toEqual(['extension']);
    expect(page.text).toContain('等待中选机构上传服务成果');

    const winner = agencies.find((x) => x.uscc === sel.winner.uscc)!;
    const uploaded = await h.request('POST', `/api/v1/market/selections/${sel.selectionId}/results`, {
      token: winner.token,
      body: { document: '审查意见书 A-1' },
    });
    expect(uploaded.status, show(uploaded)).toBe(200);
    page = await at();
    expect(actionsOf(page, a.id)).toEqual(['extension', 'result-decision']);
    await act('result-decision', { decision: 'confirm', note: '审查意见完整，予以确认' });
    page = await at();
    expect(page.text).toContain('已完成');
    expect(actionsOf(page, a.id)).toEqual(['rating']);

    const unrated = await postForm(
      h,
      `${path}/rating`,
      { quality: '', timeliness: '4', attitude: '5', fee: '4', conduct: '5', comment: '' },
      owner,
    );
    expect(unrated.status).toBe(400);
    expect(unrated.text).toMatch(/质量：必填/);
    expect(unrated.html).toMatch(/<option value="4" selected="">4 分<\/option>/);
    await act('rating', { quality: '5', timeliness: '4', attitude: '5', fee: '4', conduct: '5', comment: '审查细致' });
    page = await at();
    expect(page.text).toContain('审查细致');
    expect(page.text).toContain('4.60 分');
    expect(actionsOf(page, a.id)).toEqual([]);
    const ratings = await h.request('GET', `/api/v1/market/agencies/${winner.uscc}/ratings`);
    expect(ratings.body.items).toHaveLength(1);

    const list = await getPage(h, '/console/announcements?state=completed', owner);
    expect(list.text).toContain(a.projectName);
    expect(list.text).toContain(winner.name);
  });
});
