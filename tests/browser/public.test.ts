import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';

/**
 * The public lookup in a real browser over `npm start`'s demo: a citizen finds a company by its former
 * name, opens its page, browses the black list and opens a signed status; and on a phone the home
 * page fits the screen and its search works from the keyboard alone.
 */
const BLACK_LISTED = '91210113QY90000778'; // 沈阳铁西安全评价有限公司, formerly 沈阳铁西安全技术咨询有限公司 (seeds/demo)
const NAME = '沈阳铁西安全评价有限公司';
const SEARCH_LABEL = '名称、曾用名或统一社会信用代码';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('the public credit lookup', () => {
  it('finds a company by its former name and opens its page, with the grade explained', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto('/');
    await tab.shot('public-home');
    await page.getByLabel(SEARCH_LABEL).fill('铁西安全技术');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/\/search\?q=/);
    await expect(page.getByRole('cell', { name: '沈阳铁西安全技术咨询有限公司' }).count()).resolves.toBe(1);
    await tab.shot('public-search-former-name');

    await page.getByRole('link', { name: NAME }).click();
    await page.waitForURL(`**/subjects/${BLACK_LISTED}`);
    expect(await page.locator('h1').textContent()).toBe(NAME);
    expect(await page.locator('.grade').textContent()).toBe('C');
    await expect(page.getByText('等级定为 C').count()).resolves.toBe(1);
    await expect(page.locator('caption', { hasText: '计分明细' }).count()).resolves.toBe(1);
    await expect(page.getByRole('cell', { name: '沈建黑〔2026〕2号' }).count()).resolves.toBe(1);
    await tab.shot('public-subject');
    await tab.close();
  });

  it('browses the black list, filters it by department and opens a row', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto('/');
    await page.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '黑名单' }).click();
    await page.waitForURL('**/lists/black');
    expect(await page.locator('h1').textContent()).toBe('黑名单');
    await expect(page.getByRole('link', { name: NAME }).count()).resolves.toBe(1);
    await tab.shot('public-black-list');

    const department = page.getByLabel('认定部门');
    const options = await department.locator('option').allTextContents();
    expect(options[0]).toBe('全部部门');
    await department.selectOption({ index: 1 });
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/\/lists\/black\?.*department=/);
    await expect(page.getByRole('link', { name: NAME }).count()).resolves.toBe(1);
    await page.getByRole('link', { name: NAME }).click();
    await page.waitForURL(`**/subjects/${BLACK_LISTED}`);
    expect(await page.locator('h1').textContent()).toBe(NAME);
    await page.goBack();
    await page.waitForURL(/\/lists\/black\?.*department=/);
    await page.getByLabel('关键词').fill('查无此名');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/\/lists\/black\?.*q=/);
    await expect.poll(() => page.getByText('没有符合筛选条件的条目').count()).toBe(1);
    await tab.shot('public-black-list-filtered');
    await tab.close();
  });

  it('opens the signed status of a day from the subject page', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto(`/subjects/${BLACK_LISTED}`);
    await page.getByLabel('日期').fill('2026-06-01');
    await page.getByRole('button', { name: '查看当日名单状态' }).click();
    await page.waitForURL(`**/subjects/${BLACK_LISTED}/status?on=2026-06-01`);
    await expect(page.getByText('2026-06-01 当天在黑名单上').count()).resolves.toBe(1);
    expect(await page.locator('pre#jws').textContent()).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    await expect(page.getByRole('heading', { name: '如何自行验证' }).count()).resolves.toBe(1);
    await tab.shot('public-status');

    await page.getByLabel('日期').fill('2026-05-24');
    await page.getByRole('button', { name: '查看当日名单状态' }).click();
    await page.waitForURL(`**/subjects/${BLACK_LISTED}/status?on=2026-05-24`);
    await expect.poll(() => page.getByText('2026-05-24 当天不在红名单、黑名单或重点关注名单上').count()).toBe(1);
    await tab.close();
  });
});

describe('on a phone', () => {
  it('fits the home page to the screen and searches from the keyboard', async () => {
    const tab = await site.open({ phone: true });
    const { page } = tab;
    const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await page.goto('/');
    expect(await fits(), 'no horizontal scrolling on the home page').toBe(true);
    await tab.shot('public-home-phone');

    await page.getByLabel(SEARCH_LABEL).focus();
    await page.keyboard.type('盛京工程');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/search\?q=/);
    await expect(page.getByRole('link', { name: '沈阳盛京工程咨询有限公司' }).count()).resolves.toBe(1);
    expect(await fits(), 'no horizontal scrolling on the results').toBe(true);
    await tab.shot('public-search-phone');

    for (const path of [`/subjects/${BLACK_LISTED}`, `/subjects/${BLACK_LISTED}/status?on=2026-06-01`, '/lists/black']) {
      await page.goto(path);
      expect(await fits(), `no horizontal scrolling on ${path}`).toBe(true);
    }
    await tab.shot('public-black-list-phone');
    await tab.close();
  });
});
