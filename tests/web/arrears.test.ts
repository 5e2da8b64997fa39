import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweep } from '../../src/jobs/sweep.js';
import { columns, percent, scale, stack } from '../../src/web/arrears/charts.js';
import { exactYuan } from '../../src/web/arrears/words.js';
import { event, postTo } from '../helpers/arrears.js';
import { DEPT_B, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show, type TestResponse } from '../helpers/harness.js';
import { getPage } from '../helpers/web.js';

/**
 * The arrears dashboard and contract pages over the same ledger as the API's reports (the worked example
 * of tests/features/arrears-reports.test.ts, with bodies of their own names):
 *   甲区人防办 (organ): A1 delivery 2025-01-06 100,000 fen → due 2025-02-05; paid 40,000 on 2026-02-10
 *                        (and 10,000 on 2026-02-01, bounced and reversed the next day);
 *                        A2 delivery 2025-09-01 50,000 → due 2025-10-09; delivery 2025-12-15 200,000 → due 2026-01-14
 *   乙城投集团 (SOE, 60 days): B1 settlement 2025-06-02 300,000 → due 2025-08-01;
 *                        paid 100,000 on 2025-09-01 and 200,000 on 2026-03-01
 * On 2025-12-31 甲 has 150,000 overdue and 乙 200,000, so 乙 ranks first. Today is 2026-11-20.
 */
let h: Harness;
let finance: string;
const ids = { a1: '', a2: '', b1: '' };
const uscc = { a: uniqueUscc('11', '210100'), b: uniqueUscc('91', '210100'), c: uniqueUscc('12', '210100') };
const contractor = { a: uniqueUscc(), b: uniqueUscc() };

async function ok(res: Promise<TestResponse>, status = 201) {
  const r = await res;
  expect(r.status, show(r)).toBe(status);
  return r.body;
}

async function contract(debtorUscc: string, contractorUscc: string, projectName: string) {
  const body = await ok(
    h.request('POST', '/api/v1/arrears/contracts', {
      token: finance,
      body: { debtorUscc, contractorUscc, projectName, amountFen: '100000000', signedOn: '2025-01-02' },
    }),
  );
  return body.id as string;
}

beforeAll(async () => {
  h = await createHarness();
  finance = await h.tokens.sign('finance', { sub: 'finance:web' });
  const bodies = [
    { uscc: uscc.a, name: '甲区人防办', kind: 'organ', department: '沈阳市人民防空办公室' },
    { uscc: uscc.b, name: '乙城投集团', kind: 'soe', department: '沈阳市住房和城乡建设局' },
    { uscc: uscc.c, name: '丙维护中心', kind: 'institution', department: '沈阳市人民防空办公室' },
  ];
  for (const body of bodies) await ok(h.request('POST', '/api/v1/arrears/bodies', { token: finance, body }));
  await ok(
    h.request('POST', '/api/v1/arrears/contractors', {
      token: finance,
      body: { uscc: contractor.a, name: '远航建筑工程有限公司', sme: true, size: 'small' },
    }),
  );
  await ok(
    h.request('POST', '/api/v1/arrears/contractors', {
      token: finance,
      body: { uscc: contractor.b, name: '浑河检测有限公司', sme: true, size: 'micro' },
    }),
  );
  ids.a1 = await contract(uscc.a, contractor.a, '人防工程改造');
  ids.a2 = await contract(uscc.a, contractor.a, '人防设备采购');
  ids.b1 = await contract(uscc.b, contractor.b, '疏散干道土建');
  await event(h, finance, ids.a1, { type: 'delivery', on: '2025-01-06', amountFen: 100_000 });
  await event(h, finance, ids.a2, { type: 'delivery', on: '2025-09-01', amountFen: 50_000 });
  await event(h, finance, ids.a2, { type: 'delivery', on: '2025-12-15', amountFen: 200_000 });
  await event(h, finance, ids.b1, { type: 'settlement_confirmed', on: '2025-06-02', amountFen: 300_000 });
  await ok(postTo(h, finance, ids.b1, { type: 'payment', amountFen: 100_000, on: '2025-09-01' }));
  const bounced = await ok(postTo(h, finance, ids.a1, { type: 'payment', amountFen: 10_000, on: '2026-02-01' }));
  await ok(postTo(h, finance, ids.a1, { type: 'reversal', reverses: bounced.postings[0].id, on: '2026-02-02', reason: '退票' }));
  await ok(postTo(h, finance, ids.a1, { type: 'payment', amountFen: 40_000, on: '2026-02-10' }));
  await ok(postTo(h, finance, ids.b1, { type: 'payment', amountFen: 200_000, on: '2026-03-01' }));
  // 丙 has 21 contracts and nothing owed yet: the list pages.
  for (let i = 1; i <= 21; i++) await contract(uscc.c, contractor.b, `维护项目${String(i).padStart(2, '0')}`);
  // The daily sweep opens a task for every overdue obligation: A1, A2's two (B1 is paid off).
  expect((await sweep(h.db, h.clock)).tasksOpened).toBe(3);
});
afterAll(async () => {
  await h?.close();
});

/** The part of a page's text between two headings. */
const section = (text: string, from: string, to?: string) => {
  const start = text.indexOf(from);
  expect(start, `"${from}" on the page`).toBeGreaterThanOrEqual(0);
  const end = to ? text.indexOf(to, start) : -1;
  return text.slice(start, end < 0 ? undefined : end);
};

/** The rectangles of a chart with a class prefix (bar or part), by data-key. */
function rects(html: string, chartId: string, kind: 'bar' | 'part') {
  const svg = html.slice(
    html.indexOf(`<svg class="chart"`, html.indexOf(`id="${chartId}"`) - 200),
    html.indexOf('</svg>', html.indexOf(`id="${chartId}"`)),
  );
  return [
    ...svg.matchAll(
      new RegExp(
        `<rect class="${kind} [^"]*" data-key="(\\w+)" data-value="(\\d+)" x="([\\d.]+)" y="([\\d.]+)" width="([\\d.]+)" height="([\\d.]+)"`,
        'g',
      ),
    ),
  ].map((m) => ({ key: m[1]!, value: BigInt(m[2]!), x: Number(m[3]), y: Number(m[4]), width: Number(m[5]), height: Number(m[6]) }));
}

describe('chart scaling', () => {
  it('draws lengths proportional to the amounts, the largest at full length', () => {
    expect(scale([200_000n, 50_000n, 0n, 100_000n], 198)).toEqual([198, 49.5, 0, 99]);
    const huge = 10n ** 20n; // far beyond 2^53 fen: still exact ratios
    expect(scale([huge, huge / 4n], 100)).toEqual([100, 25]);
    const box = { width: 720, height: 280, top: 34, bottom: 48, side: 10 };
    const bars = columns([3n, 1n, 2n], box);
    expect(bars.map((b) => b.height)).toEqual([198, 66, 132]);
    expect(bars.map((b) => b.y + b.height)).toEqual([232, 232, 232]); // one baseline
    expect(new Set(bars.map((b) => b.width)).size).toBe(1);
  });

  it('draws nothing, and no NaN, when every amount is zero', () => {
    const box = { width: 720, height: 280, top: 34, bottom: 48, side: 10 };
    const bars = columns([0n, 0n, 0n, 0n, 0n, 0n], box);
    for (const b of bars) for (const v of Object.values(b)) expect(Number.isFinite(v)).toBe(true);
    expect(bars.every((b) => b.height === 0)).toBe(true);
    expect(stack([0n, 0n], 646)).toEqual([
      { x: 0, width: 0 },
      { x: 0, width: 0 },
    ]);
    expect(columns([], box)).toEqual([]);
    expect(percent(0n, 0n)).toBe('—');
    expect(scale([-5n, 0n], 100)).toEqual([0, 0]);
  });

  it('splits a whole into shares end to end', () => {
    const parts = stack([240_000n, 110_000n], 646);
    expect(parts[0]).toEqual({ x: 0, width: 442.97 });
    expect(parts[1]!.x).toBe(442.97);
    expect(parts[0]!.width + parts[1]!.width).toBeCloseTo(646, 5);
    expect(percent(240_000n, 350_000n)).toBe('68.5%');
    expect(percent(1n, 1n)).toBe('100.0%');
  });

  it('shows exact interest in yuan, every digit kept', () => {
    expect(exactYuan('1550.0000')).toBe('¥15.50');
    expect(exactYuan('5.0000')).toBe('¥0.05');
    expect(exactYuan('12345678.1234')).toBe('¥123,456.781234');
  });
});

describe('the arrears dashboard', () => {
  it('shows the totals exactly, and ages the arrears in a chart and a table', async () => {
    const page = await getPage(h, '/console/arrears?on=2025-12-31', finance);
    expect(page.status, page.text.slice(0, 400)).toBe(200);
    expect(page.html).toContain('<title>拖欠账款台账 - ');
    expect(page.html).not.toContain('style=');
    const totals = section(page.text, '总体情况', '账龄分布');
    // Owed 350,000 + 300,000; paid 100,000; overdue 150,000 + 200,000.
    expect(totals).toContain('应付账款\n¥6,500.00');
    expect(totals).toContain('已支付\n¥1,000.00');
    expect(totals).toContain('未支付 ¥5,500.00');
    expect(totals).toContain('逾期未付\n¥3,500.00');
    expect(totals).toContain('3 笔，涉及 3 个合同');
    // Late interest at 0.05% a day is each contract's own, added up.
    let interestFen = 0n;
    for (const id of Object.values(ids)) {
      const res = await h.request('GET', `/api/v1/arrears/contracts/${id}/interest?asOf=2025-12-31`, { token: finance });
      interestFen += BigInt(res.body.totalFen);
    }
    expect(interestFen).toBeGreaterThan(0n);
    const yuanOf = (fen: bigint) => `¥${(fen / 100n).toLocaleString('en-US')}.${(fen % 100n).toString().padStart(2, '0')}`;
    expect(totals).toContain(`逾期利息\n${yuanOf(interestFen)}`);

    // One bar per bucket, heights proportional to the amounts (the largest, 200,000, at full height).
    expect(page.html).toMatch(/<svg class="chart" viewBox="0 0 720 280" role="img" aria-label="账龄分布（截至 2025-12-31）"/);
    expect(page.html).toContain('<title id="aging-chart-title">');
    expect(page.html).toContain('<desc id="aging-chart-desc">');
    const bars = rects(page.html, 'aging-chart', 'bar');
    expect(bars.map((b) => [b.key, b.value])).toEqual([
      ['notYetDue', 200_000n],
      ['d1to30', 0n],
      ['d31to90', 50_000n],
      ['d91to180', 200_000n],
      ['d181to365', 100_000n],
      ['over365', 0n],
    ]);
    const full = Math.max(...bars.map((b) => b.height));
    for (const b of bars) expect(b.height / full).toBeCloseTo(Number(b.value) / 200_000, 3);
    expect(new Set(bars.map((b) => b.y + b.height)).size).toBe(1);
    // The same numbers in the table beside it.
    const table = section(page.text, '账龄分布（与左图数字相同）', '清欠进度');
    expect(table).toContain('未到期 \n1 \n¥2,000.00');
    expect(table).toContain('逾期 31–90 天 \n1 \n¥500.00');
    expect(table).toContain('逾期 91–180 天 \n1 \n¥2,000.00');
    expect(table).toContain('逾期 181–365 天 \n1 \n¥1,000.00');
    expect(table).toContain('逾期 365 天以上 \n0 \n¥0.00');
  });

  it('ranks the bodies by overdue amount, linking to their contracts', async () => {
    const page = await getPage(h, '/console/arrears?on=2025-12-31', finance);
    const ranking = section(page.text, '逾期金额排名', '逾期整改任务');
    expect(ranking).toContain('1 \n乙城投集团');
    expect(ranking).toContain('2 \n甲区人防办');
    expect(ranking.indexOf('乙城投集团')).toBeLessThan(ranking.indexOf('甲区人防办'));
    expect(ranking).toContain('¥2,000.00');
    expect(ranking).toContain('¥1,500.00');
    expect(ranking).not.toContain('丙维护中心'); // nothing overdue
    expect(page.html).toContain(`href="/console/arrears/contracts?body=${uscc.b}"`);
    // A year later 甲 alone is overdue (乙 paid off).
    const later = await getPage(h, '/console/arrears?on=2026-03-31', finance);
    const laterRanking = section(later.text, '逾期金额排名', '逾期整改任务');
    expect(laterRanking).toContain('1 \n甲区人防办');
    expect(laterRanking).not.toContain('乙城投集团');
  });

  it('draws the clearing progress from a baseline, with the numbers by body', async () => {
    const page = await getPage(h, '/console/arrears?on=2026-03-31&baseline=2025-12-31', finance);
    expect(page.status).toBe(200);
    const parts = rects(page.html, 'progress-chart', 'part');
    // Cleared 40,000 + 200,000 of 350,000; 乙 cleared, 甲 not.
    expect(parts.map((p) => [p.key, p.value])).toEqual([
      ['cleared', 240_000n],
      ['outstanding', 110_000n],
      ['cleared', 1n],
      ['outstanding', 1n],
    ]);
    expect(parts[0]!.width / (parts[0]!.width + parts[1]!.width)).toBeCloseTo(240_000 / 350_000, 3);
    expect(parts[2]!.width).toBe(parts[3]!.width);
    const progress = section(page.text, '清欠进度', '逾期金额排名');
    expect(progress).toContain('已清偿 ¥2,400.00（68.5%），尚欠 ¥1,100.00');
    expect(progress).toContain('甲区人防办 \n¥1,500.00 \n¥400.00 \n¥1,100.00 \n26.6%');
    expect(progress).toContain('乙城投集团 \n¥2,000.00 \n¥2,000.00 \n¥0.00 \n100.0%');
  });

  it('lists overdue rectification tasks, marking how late and what is missing', async () => {
    const tasks = (await h.request('GET', '/api/v1/arrears/tasks', { token: finance })).body.items as {
      id: string;
      contractId: string;
      dueOn: string;
    }[];
    const [first, second, third] = [...tasks].sort((x, y) => x.dueOn.localeCompare(y.dueOn));
    const set = (id: string, deadline: string, measure: string) =>
      ok(
        h.request('PATCH', `/api/v1/arrears/tasks/${id}`, { token: finance, body: { measure, responsibleUnit: '区财政局', deadline } }),
        200,
      );
    await set(first!.id, '2026-10-31', '分期支付');
    await set(second!.id, '2026-12-31', '列入2026年预算');
    const page = await getPage(h, '/console/arrears', finance);
    const list = section(page.text, '逾期整改任务');
    expect(list).toContain('共 2 项');
    expect(list).toContain('分期支付');
    expect(list).toContain('2026-10-31（已逾期 20 天）');
    expect(list).not.toContain('列入2026年预算'); // its deadline is still ahead
    expect(list).toContain('未定措施');
    expect(list).toContain('未定期限（已逾期）');
    expect(page.html).toContain(`href="/console/arrears/contracts/${third!.contractId}"`);
    expect(page.html.match(/<span class="overdue">/g)?.length).toBe(2);
  });

  it('keeps a wrong date typed and names the field', async () => {
    const page = await getPage(h, '/console/arrears?on=2025-02-30', finance);
    expect(page.status).toBe(400);
    expect(page.text).toContain('统计截至：请填写有效日期');
    expect(page.html).toContain('value="2025-02-30"');
    const baseline = await getPage(h, '/console/arrears?on=2025-12-31&baseline=2026-01-01', finance);
    expect(baseline.status).toBe(400);
    expect(baseline.text).toContain('清欠基准日：须早于统计截至日期 2025-12-31');
  });

  it('is for finance and the supervisors only', async () => {
    for (const [role, claims] of [
      ['regulator', { dept: DEPT_B }],
      ['reviewer', { dept: DEPT_B }],
      ['admin', {}],
    ] as const) {
      const page = await getPage(h, '/console/arrears', await h.tokens.sign(role, claims));
      expect(page.status, role).toBe(200);
    }
    for (const [role, claims] of [
      ['applicant', { sub: 'applicant:x' }],
      ['subject', { uscc: contractor.a }],
      ['platform', {}],
    ] as const) {
      const page = await getPage(h, '/console/arrears', await h.tokens.sign(role, claims));
      expect(page.status, role).toBe(403);
      expect(page.text).toContain('无权访问');
      expect(page.text).not.toContain('¥');
    }
    const anonymous = await getPage(h, '/console/arrears');
    expect(anonymous.status).toBe(303);
    expect(anonymous.location).toBe('/console/sign-in?next=%2Fconsole%2Farrears');
  });
});

describe('the contracts', () => {
  it('lists contracts a page at a time, filtered by body or contractor', async () => {
    const all = await getPage(h, `/console/arrears/contracts?body=${uscc.c}`, finance);
    expect(all.status).toBe(200);
    expect(all.html.match(/href="\/console\/arrears\/contracts\/con_/g)?.length).toBe(20);
    const next = /href="(\/console\/arrears\/contracts\?[^"]*cursor=[^"]+)" rel="next"/.exec(all.html)?.[1]?.replace(/&amp;/g, '&');
    expect(next).toContain(`body=${uscc.c}`);
    const second = await getPage(h, next!, finance);
    expect(second.html.match(/href="\/console\/arrears\/contracts\/con_/g)?.length).toBe(1);
    expect(second.text).toContain('已是最后一页');
    const byName = await getPage(h, `/console/arrears/contracts?body=${encodeURIComponent('甲区')}`, finance);
    expect(byName.text).toContain('人防工程改造');
    expect(byName.text).toContain('人防设备采购');
    expect(byName.text).not.toContain('疏散干道土建');
    expect(byName.html).toContain('value="甲区"');
    const byContractor = await getPage(h, `/console/arrears/contracts?contractor=${contractor.a}`, finance);
    expect(byContractor.html.match(/href="\/console\/arrears\/contracts\/con_/g)?.length).toBe(2);
    const none = await getPage(h, `/console/arrears/contracts?body=${encodeURIComponent('100%_')}`, finance);
    expect(none.text).toContain('没有符合条件的合同');
  });

  it('shows a contract with its due dates, postings and late-interest segments', async () => {
    const page = await getPage(h, `/console/arrears/contracts/${ids.b1}?on=2026-11-20`, finance);
    expect(page.status, page.text.slice(0, 400)).toBe(200);
    expect(page.html).toContain('<title>疏散干道土建 - ');
    expect(page.text).toContain('乙城投集团（国有企业');
    expect(page.text).toContain('未约定，按每日万分之五计算');
    // The obligation: settled 2025-06-02, due 60 days later, paid in full.
    expect(page.text).toContain('结算 \n2025-06-02');
    expect(page.text).toContain('2025-08-01');
    expect(page.text).toContain('¥3,000.00 \n¥3,000.00 \n¥0.00 \n¥0.00 \n已付清');
    // The postings as the ledger has them.
    const postings = section(page.text, '记账明细', '合同事件');
    expect(postings).toContain('2025-06-02 \n应付款形成 \n本金 \n借（应付增加） \n¥3,000.00');
    expect(postings).toContain('2025-09-01 \n付款 \n本金 \n贷（应付减少） \n¥1,000.00');
    expect(postings).toContain('2026-03-01 \n付款 \n本金 \n贷（应付减少） \n¥2,000.00');
    // 100,000 late for 31 days and 200,000 for 212 days, at 0.05% a day: 1,550 + 21,200 fen.
    const interest = section(page.text, '逾期利息');
    expect(interest).toContain('2025-08-01 \n2025-08-02 \n2025-09-01 \n31 \n每日 0.05% \n¥1,000.00 \n¥15.50');
    expect(interest).toContain('2025-08-01 \n2025-08-02 \n2026-03-01 \n212 \n每日 0.05% \n¥2,000.00 \n¥212.00');
    expect(interest).toContain('利息合计\n¥227.50');
    expect(interest).toContain('合计 \n¥227.50');
    const api = await h.request('GET', `/api/v1/arrears/contracts/${ids.b1}/interest?asOf=2026-11-20`, { token: finance });
    expect(api.body.totalFen).toBe('22750');
  });

  it('marks a reversed payment and the reversal, and counts interest as of a chosen day', async () => {
    const page = await getPage(h, `/console/arrears/contracts/${ids.a1}?on=2025-12-31`, finance);
    const postings = section(page.text, '记账明细', '合同事件');
    expect(postings).toContain('2026-02-01 \n付款 \n本金 \n贷（应付减少） \n¥100.00 \n已冲正');
    expect(postings).toContain('2026-02-02 \n冲正 \n本金 \n借（应付增加） \n¥100.00 \n退票');
    // 100,000 unpaid from 2025-02-06 through 2025-12-31: 329 days, 16,450 fen.
    const interest = section(page.text, '逾期利息');
    expect(interest).toContain('2025-02-06 \n2025-12-31 \n329 \n每日 0.05% \n¥1,000.00 \n¥164.50');
    expect(page.html).toContain('value="2025-12-31"');
    const overdue = await getPage(h, `/console/arrears/contracts/${ids.a1}`, finance);
    expect(overdue.html).toContain('<span class="badge red">逾期</span>'); // 60,000 still unpaid today
    const bad = await getPage(h, `/console/arrears/contracts/${ids.a1}?on=someday`, finance);
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('计算截至：请填写有效日期');
  });

  it("lets a contractor read its own contracts and nobody else's", async () => {
    const own = await h.tokens.sign('subject', { uscc: contractor.a });
    const list = await getPage(h, '/console/arrears/contracts', own);
    expect(list.status).toBe(200);
    expect(list.text).toContain('人防工程改造');
    expect(list.text).not.toContain('疏散干道土建');
    expect((await getPage(h, `/console/arrears/contracts/${ids.a1}`, own)).status).toBe(200);
    const other = await getPage(h, `/console/arrears/contracts/${ids.b1}`, own);
    expect(other.status).toBe(403);
    expect(other.text).not.toContain('疏散干道土建');
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:x' });
    expect((await getPage(h, `/console/arrears/contracts/${ids.a1}`, applicant)).status).toBe(403);
    expect((await getPage(h, '/console/arrears/contracts', applicant)).status).toBe(403);
    // Regulators read the whole ledger (the arrears policy does not scope it by department).
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_B });
    expect((await getPage(h, `/console/arrears/contracts/${ids.b1}`, regulator)).status).toBe(200);
    expect((await getPage(h, '/console/arrears/contracts/con_00000000000000000000000000', finance)).status).toBe(404);
    expect((await getPage(h, '/console/arrears/contracts/not-a-contract', finance)).status).toBe(404);
  });
});
