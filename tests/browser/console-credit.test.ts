import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';
import { onDay, settableClock } from '../helpers/clock.js';

/**
 * The regulators' console in a real browser, on `npm start`'s demo data: the demo regulator records a
 * serious case against the demo agency, proposes and notifies a black entry; after the statement
 * window the demo reviewer publishes it and the agency leaves the selectable directory; the agency
 * itself applies for repair, the reviewer approves it, and the agency is back.
 */
const AGENCY = '91210102QY90000187';
const AGENCY_NAME = '沈阳盛京工程咨询有限公司';
const clock = settableClock(onDay('2026-11-20'));
let site: Site;

beforeAll(async () => {
  site = await openSite({ clock });
});
afterAll(async () => {
  await site?.close();
});

type DirectoryAnswer = { items: { uscc: string; selectable: boolean; notSelectableReasons: { code: string }[] }[] };

/** The public directory's JSON, read from the page as a browser script would. */
const directory = (page: Page, includeRestricted = false): Promise<DirectoryAnswer> =>
  page.evaluate(async ([q, all]) => (await fetch(`/api/v1/market/agencies?q=${q}&includeRestricted=${all}`)).json(), [
    AGENCY,
    String(includeRestricted),
  ] as const);

const inDirectory = async (page: Page) => (await directory(page)).items.some((a) => a.uscc === AGENCY);

describe('a black entry and its repair, in the console', () => {
  it('records a serious case, lists the agency black, and takes it off again by repair', async () => {
    const regulator = await site.open();
    const { page } = regulator;

    // The agency is in the directory and may be chosen.
    await page.goto(`/market?q=${AGENCY}`);
    await regulator.shot('credit-market-before');
    expect(await page.locator(`a[href="/market/agencies/${AGENCY}"]`).count()).toBeGreaterThan(0);
    expect(await inDirectory(page)).toBe(true);

    await regulator.signInAs('regulator');
    await regulator.shot('credit-console-home');
    await page.getByRole('link', { name: '登记失信案件' }).click();
    await page.waitForURL('**/console/records/new');
    await regulator.shot('credit-record-form');

    // A first try without the document number: the form comes back with what was typed.
    await page.getByLabel('主体统一社会信用代码').fill(AGENCY);
    await page.getByLabel('行为类别').selectOption('false_materials');
    await page.getByLabel('失信程度').selectOption('serious');
    await page.getByLabel('决定日期').fill('2025-11-10');
    await page.getByLabel('依据').fill('《沈阳市人民防空办公室中介服务管理规定》第十五条');
    await page.getByLabel('事实').fill('在人防工程质量检测报告中提供虚假检测数据，情节严重');
    await page.getByLabel('处罚种类（一）').selectOption('罚款');
    await page.getByLabel('处罚内容（一）').fill('罚款人民币伍万元');
    await page.getByLabel('罚没金额（一，元）').fill('50000');
    await page.getByLabel('处罚种类（二）').selectOption('降低资质等级');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => page.locator('#error-summary').textContent()).toContain('决定文书号：必填');
    expect(await page.getByLabel('罚没金额（一，元）').inputValue()).toBe('50000');
    expect(await page.getByLabel('主体统一社会信用代码').inputValue()).toBe(AGENCY);
    await regulator.shot('credit-record-form-refused', { status: 400 });

    await page.getByLabel('决定文书号').fill('沈人防罚〔2025〕88号');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await page.waitForURL(/\/console\/records\/rec_[0-9A-Z]{26}$/);
    const recordUrl = page.url();
    expect(await page.locator('h1').textContent()).toBe('信用记录 沈人防罚〔2025〕88号');
    expect(await page.locator('main').textContent()).toContain('¥50,000.00');
    await regulator.shot('credit-record-page');

    // Propose a black entry from the record, and tell the agency.
    await page.getByRole('link', { name: '据此拟列入黑名单' }).click();
    await page.waitForURL('**/console/entries/new?**');
    expect(await page.getByLabel('主体统一社会信用代码').inputValue()).toBe(AGENCY);
    await page.getByLabel('认定文书号').fill('沈人防黑〔2026〕3号');
    await regulator.shot('credit-entry-propose');
    await page.getByRole('button', { name: '提出' }).click();
    await page.waitForURL(/\/console\/entries\/lst_[0-9A-Z]{26}$/);
    const entryPath = new URL(page.url()).pathname;
    expect(await page.locator('main .badge').first().textContent()).toBe('拟列入');
    await regulator.shot('credit-entry-proposed');
    await page.getByRole('form', { name: '告知' }).getByRole('button', { name: '告知' }).click();
    await expect.poll(() => page.locator('main .badge').first().textContent()).toBe('已告知');
    // 2026-11-20 is a Friday: five working days later is 2026-11-27.
    expect(await page.locator('main').textContent()).toContain('2026-11-27（剩 7 天）');
    await regulator.shot('credit-entry-notified');

    // The reviewer, in a tab of its own, may publish only after the statement window.
    const reviewer = await site.open();
    await reviewer.signInAs('reviewer');
    await reviewer.page.goto(entryPath);
    expect(await reviewer.page.getByRole('form', { name: '审核公示' }).count()).toBe(0);
    expect(await reviewer.page.locator('main').textContent()).toContain('期满后方可审核公示');
    await reviewer.shot('credit-entry-reviewer-waiting');
    clock.set(onDay('2026-11-30'));
    await reviewer.page.goto('/console/entries?awaitingPublication=true');
    await reviewer.shot('credit-entries-awaiting');
    await reviewer.page.getByRole('link', { name: '沈人防黑〔2026〕3号' }).click();
    await reviewer.page.waitForURL(`**${entryPath}`);
    await reviewer.shot('credit-entry-ready');
    await reviewer.page.getByRole('form', { name: '审核公示' }).getByRole('button', { name: '审核公示' }).click();
    await expect.poll(() => reviewer.page.locator('main .badge').first().textContent()).toBe('已公示');
    await reviewer.shot('credit-entry-published');

    // Off the selectable directory: left out, and flagged as black-listed when asked for.
    expect(await inDirectory(reviewer.page)).toBe(false);
    const flagged = (await directory(reviewer.page, true)).items.find((a) => a.uscc === AGENCY);
    expect(flagged?.selectable).toBe(false);
    expect(flagged?.notSelectableReasons.map((r) => r.code)).toContain('black_listed');
    await reviewer.page.goto(`/market?q=${AGENCY}`);
    expect(await reviewer.page.locator(`a[href="/market/agencies/${AGENCY}"]`).count()).toBe(0);
    await reviewer.shot('credit-market-without-agency');

    // The agency applies for repair of the record.
    const agency = await site.open();
    await agency.signInAs('subject');
    await agency.shot('credit-console-home-subject');
    await agency.page.getByRole('link', { name: '申请信用修复' }).click();
    await agency.page.waitForURL('**/console/repairs');
    await agency.shot('credit-repairs-subject');
    await agency.page.getByRole('link', { name: '申请信用修复' }).click();
    await agency.page.waitForURL('**/console/repairs/new');
    const recordId = recordUrl.split('/').pop()!;
    await agency.page.getByLabel('申请修复的信息').selectOption(recordId);
    await agency.page.getByLabel('信用承诺').fill('本单位已对虚假检测数据问题全面整改，罚款已缴清，承诺今后依法诚信执业。');
    await agency.page.getByLabel('材料名称').fill('整改报告.pdf');
    await agency.page.getByLabel('材料 SHA-256').fill('a'.repeat(64));
    await agency.shot('credit-repair-apply');
    await agency.page.getByRole('button', { name: '提交申请' }).click();
    await agency.page.waitForURL(/\/console\/repairs\/rep_[0-9A-Z]{26}$/);
    const repairPath = new URL(agency.page.url()).pathname;
    expect(await agency.page.locator('main').textContent()).toContain('待受理');
    await agency.shot('credit-repair-applied');

    // The reviewer finds it in the queue, accepts and approves it.
    await reviewer.page.goto('/console/repairs');
    await reviewer.shot('credit-repairs-queue');
    await reviewer.page.locator(`a[href="${repairPath}"]`).click();
    await reviewer.page.waitForURL(`**${repairPath}`);
    await reviewer.shot('credit-repair-to-accept');
    await reviewer.page.getByRole('form', { name: '受理' }).getByRole('button', { name: '提交' }).click();
    await expect.poll(() => reviewer.page.getByRole('form', { name: '修复决定' }).count()).toBe(1);
    await reviewer.shot('credit-repair-accepted');
    await reviewer.page.getByRole('form', { name: '修复决定' }).getByLabel('理由').fill('已纠正失信行为并履行处罚义务，准予修复');
    await reviewer.page.getByRole('form', { name: '修复决定' }).getByRole('button', { name: '作出决定' }).click();
    await expect.poll(() => reviewer.page.locator('main').textContent()).toContain('准予修复');
    await reviewer.shot('credit-repair-approved');

    // The entry exited as repaired, and the agency may be chosen again.
    await reviewer.page.goto(entryPath);
    expect(await reviewer.page.locator('main .badge').first().textContent()).toBe('已移出');
    expect(await reviewer.page.locator('main').textContent()).toContain('信用修复');
    await reviewer.shot('credit-entry-exited');
    expect(await inDirectory(reviewer.page)).toBe(true);
    expect((await directory(reviewer.page)).items.find((a) => a.uscc === AGENCY)?.selectable).toBe(true);
    await reviewer.page.goto(`/market?q=${AGENCY}`);
    expect(await reviewer.page.locator(`a[href="/market/agencies/${AGENCY}"]`).count()).toBeGreaterThan(0);
    expect(await reviewer.page.locator('main').textContent()).toContain(AGENCY_NAME);
    await reviewer.shot('credit-market-agency-back');

    // The regulator's record page says the record is repaired.
    await page.goto(recordUrl);
    expect(await page.locator('main').textContent()).toContain('已信用修复');
    await regulator.shot('credit-record-repaired');
  });
});
