import { createHash, hkdfSync } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { completedSelection } from '../helpers/market.js';
import { admittedAgency } from '../helpers/market-agencies.js';
import { blackList, published, select, signUp } from '../helpers/market-announcements.js';
import { jcs } from '../helpers/rfc9162.js';
import { getPage, postForm } from '../helpers/web.js';

/**
 * The 中介超市 pages for the public (no sign-in): the directory with its filters, sorts and pages, an
 * agency's page, an announcement with its random draw and a proof the test recomputes on its own, and
 * the report form with its tracking number.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
let reviewer: string;
let admin: string;
let owner: string;
const OWNER_SUB = 'applicant:web-market-owner';
// Names carry a tag of this run, so q= finds only this file's agencies.
const tag = `超市页${Math.random().toString(36).slice(2, 7)}`;
const named = (n: string) => ({ name: `${tag}${n}审图有限公司` });
type Agency = { uscc: string; name: string; token: string };
let alpha: Agency;
let beta: Agency;
let gamma: Agency;
let black: Agency;

const fixed = (fen: string) => ({ service: 'cd_drawing_review', feeKind: 'fixed', feeBasis: '按项收费', feeMinFen: fen, unit: '项' });
const qualification = (certificateNo: string) => ({
  name: '人防工程施工图设计审查',
  level: '甲级',
  certificateNo,
  validUntil: '2028-12-31',
});

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
  owner = await h.tokens.sign('applicant', { sub: OWNER_SUB });
  const tokens = { regulator, admin };
  alpha = await admittedAgency(
    h,
    tokens,
    {
      qualifications: [
        qualification(`${tag}-A1`),
        { name: '工程测绘', level: '乙级', certificateNo: `${tag}-A2`, validUntil: '2025-12-31' },
      ],
      offers: [
        fixed('123456789'),
        { service: 'testing', feeKind: 'range', feeBasis: '按检测点位', feeMinFen: '50000', feeMaxFen: '250005', unit: '点' },
      ],
    },
    named('甲'),
  );
  beta = await admittedAgency(h, tokens, { qualifications: [qualification(`${tag}-B1`)], offers: [fixed('300000')] }, named('乙'));
  gamma = await admittedAgency(h, tokens, { qualifications: [qualification(`${tag}-C1`)], offers: [fixed('450050')] }, named('丙'));
  black = await admittedAgency(h, tokens, { qualifications: [qualification(`${tag}-D1`)], offers: [fixed('200000')] }, named('丁'));
  await blackList(h, { regulator, reviewer }, black.uscc);
  // A completed service of alpha's, rated by its owner.
  const { selectionId } = await completedSelection(h, { ownerSub: OWNER_SUB, winnerUscc: alpha.uscc, completedOn: '2026-11-10' });
  const rated = await h.request('POST', `/api/v1/market/selections/${selectionId}/rating`, {
    token: owner,
    body: { quality: 5, timeliness: 4, attitude: 5, fee: 4, conduct: 5, comment: '审查细致，按时出具意见' },
  });
  expect(rated.status, show(rated)).toBe(201);
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

/** The agency links of a page, in the order shown. */
const agencyLinks = (html: string) => [...html.matchAll(/href="\/market\/agencies\/([0-9A-Z]{18})"/g)].map((m) => m[1]!);
const decode = (href: string) => href.replace(/&amp;/g, '&');
/** The page's text on one line: table cells and label–value pairs read as a sentence. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

describe('the directory (/market)', () => {
  it('lists the selectable agencies of a service by fee, with every fee in yuan exactly from fen, and leaves out a black-listed one', async () => {
    const page = await getPage(h, `/market?q=${encodeURIComponent(tag)}&service=cd_drawing_review&sort=fee`);
    expect(page.status, page.text).toBe(200);
    expect(page.html).toContain('<title>中介超市 - ');
    expect(agencyLinks(page.html)).toEqual([beta.uscc, gamma.uscc, alpha.uscc]);
    expect(page.text).toContain('¥3,000.00 / 项');
    expect(page.text).toContain('¥4,500.50 / 项');
    expect(page.text).toContain('¥1,234,567.89 / 项');
    expect(page.text).toContain('¥500.00 – ¥2,500.05 / 点');
    expect(page.text).not.toContain(black.name);
    expect(page.text).toContain('只列出已入驻中介超市、今天（2026-11-20）可被选取的机构');
    expect(page.text).toContain('被列入黑名单');
    // The form keeps the filters chosen, and the page links to announcements and the report form.
    expect(page.html).toMatch(/<option value="cd_drawing_review" selected="">/);
    expect(page.html).toMatch(/<option value="fee" selected="">/);
    expect(page.html).toContain('href="/market/announcements"');
    expect(page.html).toContain('href="/market/report"');
  });

  it('shows a black-listed agency only when asked, as not selectable with the reason', async () => {
    const page = await getPage(h, `/market?q=${encodeURIComponent(tag)}&includeRestricted=true`);
    expect(page.status).toBe(200);
    expect(agencyLinks(page.html)).toContain(black.uscc);
    const row = page.text.split('\n').findIndex((line) => line.includes(black.name));
    expect(
      page.text
        .split('\n')
        .slice(row, row + 8)
        .join('\n'),
    ).toMatch(/不可选取[\s\S]*列入黑名单/);
    expect(page.text).toContain('包括今天（2026-11-20）不可被选取的机构');
  });

  it('finds an agency by name and sorts by credit or rating', async () => {
    const byName = await getPage(h, `/market?q=${encodeURIComponent(`${tag}乙`)}`);
    expect(agencyLinks(byName.html)).toEqual([beta.uscc]);
    const byRating = await getPage(h, `/market?q=${encodeURIComponent(tag)}&sort=rating`);
    expect(agencyLinks(byRating.html)[0]).toBe(alpha.uscc);
    expect(byRating.text).toContain('4.60 分（1 条）');
    const byCredit = await getPage(h, `/market?q=${encodeURIComponent(tag)}&sort=credit`);
    expect(new Set(agencyLinks(byCredit.html))).toEqual(new Set([alpha.uscc, beta.uscc, gamma.uscc]));
  });

  it('pages through the list with a next-page link that keeps the filters', async () => {
    const first = await getPage(h, `/market?q=${encodeURIComponent(tag)}&service=cd_drawing_review&sort=fee&limit=2`);
    expect(agencyLinks(first.html)).toEqual([beta.uscc, gamma.uscc]);
    const next = /<a href="([^"]+)" rel="next">下一页<\/a>/.exec(first.html);
    expect(next, first.html).not.toBeNull();
    const second = await getPage(h, decode(next![1]!));
    expect(agencyLinks(second.html)).toEqual([alpha.uscc]);
    expect(second.text).toContain('已是最后一页');
    expect(second.text).toContain('回到第一页');
  });

  it('names the wrong filter: a fee sort without a service, a region that is no code', async () => {
    const fee = await getPage(h, '/market?sort=fee');
    expect(fee.status).toBe(400);
    expect(fee.text).toContain('排序：');
    expect(fee.html).toMatch(/class="field invalid"><label for="f-sort">/);
    const region = await getPage(h, '/market?region=abc');
    expect(region.status).toBe(400);
    expect(region.html).toMatch(/class="field invalid"><label for="f-region">/);
    expect(region.html).toContain('value="abc"');
  });
});

describe('an agency page (/market/agencies/<USCC>)', () => {
  it('shows grade and history, services and fees in yuan, qualifications with validity, contact, ratings and that it is selectable', async () => {
    const page = await getPage(h, `/market/agencies/${alpha.uscc}`);
    expect(page.status, page.text).toBe(200);
    expect(page.html).toContain(`<title>${alpha.name} - `);
    expect(page.text).toContain('今天（2026-11-20）可被选取');
    expect(page.text).toMatch(/中介综合评分 \d+ 分，等级 (AAA|AA|A|B|C)/);
    expect(page.text).toContain('等级历史');
    expect(flat(page.text)).toContain('人防工程施工图审查 固定收费 ¥1,234,567.89 / 项 按项收费');
    expect(page.text).toContain('¥500.00 – ¥2,500.05 / 点');
    expect(flat(page.text)).toContain(`人防工程施工图设计审查 甲级 ${tag}-A1 2028-12-31 有效`);
    expect(flat(page.text)).toContain(`工程测绘 乙级 ${tag}-A2 2025-12-31 已过期`);
    expect(page.text).toContain('李敏');
    expect(page.text).toContain('024-23456789');
    expect(page.text).toContain('平均 4.60 分（5 分制，1 条评价）');
    expect(page.text).toContain('审查细致，按时出具意见');
    expect(page.html).toContain(`href="/market/report?agencyUscc=${alpha.uscc}"`);
  });

  it('says a black-listed agency cannot be chosen, and why', async () => {
    const page = await getPage(h, `/market/agencies/${black.uscc}`);
    expect(page.status).toBe(200);
    expect(page.text).toContain('今天（2026-11-20）不可被选取');
    expect(page.text).toContain('列入黑名单');
    expect(flat(page.text)).toMatch(/公示期内的信用记录 .*失信/);
  });

  it('is a 404 page for a code that is no admitted agency', async () => {
    const page = await getPage(h, `/market/agencies/${uniqueUscc()}`);
    expect(page.status).toBe(404);
    expect(page.html).toContain('<title>未找到');
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

describe('announcements (/market/announcements)', () => {
  let announcementId: string;
  let selection: { id: string; winner: { uscc: string } };

  beforeAll(async () => {
    const a = await published(h, owner, { projectName: `${tag}人防工程施工图审查随机抽取` });
    announcementId = a.id;
    for (const agency of [alpha, beta, gamma]) await signUp(h, a.id, agency.token);
    clock.set('2026-11-27T03:00:00Z');
    selection = await select(h, a.id, owner);
  });

  it('lists the announcement, newest first, with a link to it', async () => {
    const page = await getPage(h, '/market/announcements');
    expect(page.status).toBe(200);
    expect(page.html).toContain(`href="/market/announcements/${announcementId}"`);
    expect(page.text).toContain(`${tag}人防工程施工图审查随机抽取`);
    expect(page.text).toContain('随机抽取');
    const bad = await getPage(h, '/market/announcements?state=nonsense');
    expect(bad.status).toBe(400);
    expect(bad.html).toMatch(/class="field invalid"><label for="f-state">/);
  });

  it('shows the announcement, its sign-ups, its result, and a proof whose winner the test recomputes on its own', async () => {
    const page = await getPage(h, `/market/announcements/${announcementId}`);
    expect(page.status, page.text).toBe(200);
    expect(flat(page.text)).toContain('最高限价 ¥30,000.00，最低限价 ¥1,000.00');
    expect(flat(page.text)).toContain('报名截止 2026-11-27 10:00');
    expect(page.text).toContain('具备其一即可：人防工程施工图设计审查');
    for (const agency of [alpha, beta, gamma]) expect(page.text).toContain(agency.name);
    expect(page.text).toContain('入围');

    // The inputs as published in the proof JSON the page links to.
    const proofUrl = `/api/v1/market/selections/${selection.id}/proof`;
    expect(page.html).toContain(`href="${proofUrl}"`);
    const proof = (await h.request('GET', proofUrl)).body;
    expect(proof.reveal.type).toBe('commit-reveal');

    // Recomputed here with node:crypto from the published inputs only: the seed against its commitment,
    // the randomness, the pool hash, each HKDF key, the order, and the winner of a random draw.
    const { seed, nonces } = proof.reveal as { seed: string; nonces: { label: string; nonce: string }[] };
    expect(sha256(seed)).toBe(proof.commitment.seedHash);
    const sorted = [...nonces].sort((x, y) => (x.label < y.label ? -1 : 1));
    const randomness = sha256(jcs({ nonces: sorted, seed }));
    const poolHash = sha256(jcs(proof.pool));
    const keys = (proof.pool as { label: string }[])
      .map(({ label }) => ({
        label,
        key: Buffer.from(hkdfSync('sha256', Buffer.from(randomness, 'hex'), Buffer.from(poolHash, 'hex'), label, 32)).toString('hex'),
      }))
      .sort((x, y) => (x.key < y.key ? -1 : 1));
    const winner = keys[0]!.label;
    expect(new Set(keys.map((k) => k.label))).toEqual(new Set([alpha.uscc, beta.uscc, gamma.uscc]));

    // The page shows those very inputs, the keys in that order, and that winner.
    expect(page.text).toContain(seed);
    expect(page.text).toContain(proof.commitment.seedHash);
    expect(page.text).toContain(randomness);
    expect(page.text).toContain(poolHash);
    for (const n of nonces) expect(page.text).toContain(n.nonce);
    const at = keys.map((k) => page.html.indexOf(k.key));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(page.text).toContain(`抽取顺序第一位中选，即 ${winner}`);
    const winnerName = [alpha, beta, gamma].find((x) => x.uscc === winner)!.name;
    expect(flat(page.text)).toContain(`中选机构 ${winnerName}（${winner}）`);
    expect(winner).toBe(selection.winner.uscc);

    // It says the page recomputed it, and how anyone does.
    expect(page.text).toContain('与公布的一致');
    expect(page.text).toContain('自己验证');
    expect(page.text).toContain(`npm run verify-draw -- proof.json`);
    expect(page.text).toContain(`--pool-hash ${poolHash}`);
    expect(page.text).toContain(`--seed-hash ${proof.commitment.seedHash}`);
  });

  it('is a 404 page for an unknown announcement', async () => {
    const page = await getPage(h, '/market/announcements/ann_01JXXXXXXXXXXXXXXXXXXXXXXX');
    expect(page.status).toBe(404);
  });
});

describe('reporting misconduct (/market/report)', () => {
  const facts = '2026年11月某学校审图项目中，该机构未到现场即出具审查意见。';

  it('keeps what was typed and names a wrong code, then an unknown agency', async () => {
    // alpha's code with its last character (the check character) mistyped.
    const mistyped = alpha.uscc.slice(0, 17) + (alpha.uscc.endsWith('0') ? '1' : '0');
    const form = { agencyUscc: mistyped, facts, 'contact.name': '张女士', 'contact.phone': '024-12345678' };
    const wrong = await postForm(h, '/market/report', form);
    expect(wrong.status).toBe(400);
    expect(wrong.html).toMatch(/class="field invalid"><label for="f-agencyUscc">/);
    expect(wrong.text).toContain('被举报机构的统一社会信用代码：第 18 位是校验位，与前面各位算出的不符');
    expect(wrong.html).toContain(`value="${mistyped}"`);
    expect(wrong.html).toContain(facts);
    expect(wrong.html).toContain('value="张女士"');
    expect(wrong.html).toContain('value="024-12345678"');
    expect(wrong.html).not.toMatch(/class="field invalid"><label for="f-facts">/);

    const unknown = await postForm(h, '/market/report', { ...form, agencyUscc: uniqueUscc() });
    expect(unknown.status).toBe(422);
    expect(unknown.text).toContain('中介超市中没有这个统一社会信用代码的机构');
    expect(unknown.html).toMatch(/class="field invalid"><label for="f-agencyUscc">/);

    const phone = await postForm(h, '/market/report', { ...form, agencyUscc: alpha.uscc, 'contact.phone': 'abc' });
    expect(phone.status).toBe(400);
    expect(phone.html).toMatch(/class="field invalid"><label for="f-contact-phone">/);
  });

  it('files a valid report, answers with its tracking number, and the tracking page shows its status', async () => {
    const res = await postForm(h, '/market/report', {
      agencyUscc: alpha.uscc.toLowerCase(),
      facts,
      'contact.name': '张女士',
      'contact.phone': '024-12345678',
    });
    expect(res.status, res.text).toBe(303);
    const match = /^\/market\/report\/(JB20261120[0-9A-Z]{10})\/received$/.exec(res.location ?? '');
    expect(match, res.location ?? '').not.toBeNull();
    const trackingNo = match![1]!;

    const received = await getPage(h, res.location!);
    expect(received.status).toBe(200);
    expect(flat(received.text)).toContain(`受理编号：${trackingNo}`);
    expect(received.text).toContain(alpha.name);
    expect(received.html).toContain(`href="/market/report/${trackingNo}"`);

    const status = await getPage(h, `/market/report/${trackingNo}`);
    expect(status.status).toBe(200);
    expect(status.text).toContain('已受理，正在核查');
    expect(flat(status.text)).toContain(`受理编号 ${trackingNo}`);
    expect(status.text).toContain(alpha.name);
    // The reporter's contact and the facts are not on the public page.
    expect(status.text).not.toContain('张女士');
    expect(status.text).not.toContain('024-12345678');

    const lookup = await getPage(h, `/market/report/lookup?trackingNo=${trackingNo.toLowerCase()}`);
    expect(lookup.status).toBe(303);
    expect(lookup.location).toBe(`/market/report/${trackingNo}`);
    expect((await getPage(h, '/market/report/JB20261120AAAAAAAAAA')).status).toBe(404);
  });
});
