import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';
import { onDay, settableClock } from '../helpers/clock.js';

/**
 * The arrears dashboard on `npm start`'s demo data (seeds/demo/arrears.json), as the demo finance clerk
 * sees it on 2026-11-20: the aging chart, the clearing progress, the bodies ranked, and a contract.
 */
let site: Site;
beforeAll(async () => {
  site = await openSite({ clock: settableClock(onDay('2026-11-20')) });
});
afterAll(async () => {
  await site?.close();
});

describe('the arrears dashboard in a browser', () => {
  it('shows the aging chart and the clearing progress, and opens a contract with its interest', async () => {
    const tab = await site.open();
    await tab.signInAs('finance');
    await tab.page.getByRole('link', { name: '拖欠账款台账' }).click();
    await tab.page.waitForURL(/\/console\/arrears$/);
    expect(await tab.page.locator('h1').textContent()).toBe('拖欠账款台账');

    const chart = tab.page.getByRole('img', { name: '账龄分布（截至 2026-11-20）' });
    await expect.poll(() => chart.isVisible()).toBe(true);
    const bars = chart.locator('rect.bar');
    expect(await bars.count()).toBe(6);
    // Something is overdue in the demo: at least one overdue bucket draws a visible bar.
    const heights = await bars.evaluateAll((rects) => rects.map((r) => Number(r.getAttribute('height'))));
    expect(heights.slice(1).some((h) => h > 0)).toBe(true);
    for (let i = 0; i < 6; i++) if (heights[i]! > 0) expect(await bars.nth(i).isVisible()).toBe(true);
    // Bars are coloured by the stylesheet (no style attributes under the CSP).
    const fill = await bars.nth(5).evaluate((r) => getComputedStyle(r).fill);
    expect(fill).toBe('rgb(122, 39, 26)');
    await expect.poll(() => tab.page.getByRole('img', { name: /^清欠进度/ }).isVisible()).toBe(true);
    await tab.shot('arrears-dashboard');

    // A new as-of date through the form, without JavaScript tricks: a plain GET.
    await tab.page.getByLabel('统计截至').fill('2026-03-31');
    await tab.page.getByRole('button', { name: '查看' }).click();
    await tab.page.waitForURL(/on=2026-03-31/);
    await expect.poll(() => tab.page.getByRole('img', { name: '账龄分布（截至 2026-03-31）' }).isVisible()).toBe(true);

    // The body that owes the most, then its contracts, then one contract.
    const ranking = tab.page.locator('section[aria-labelledby="bodies-h"]');
    await ranking.getByRole('link').first().click();
    await tab.page.waitForURL(/\/console\/arrears\/contracts\?body=/);
    await tab.shot('arrears-contracts');
    await tab.page.locator('main table a').first().click();
    await tab.page.waitForURL(/\/console\/arrears\/contracts\/con_/);
    await expect(tab.page.getByRole('heading', { name: '记账明细' }).isVisible()).resolves.toBe(true);
    await expect(tab.page.getByRole('heading', { name: '逾期利息' }).isVisible()).resolves.toBe(true);
    expect(await tab.page.locator('main').textContent()).toContain('付款');
    await tab.shot('arrears-contract');

    // On a phone the chart and its table stack and the chart still shows.
    const phone = await site.open({ phone: true });
    await phone.signInAs('finance');
    await phone.page.goto('/console/arrears');
    await expect.poll(() => phone.page.getByRole('img', { name: /^账龄分布/ }).isVisible()).toBe(true);
    await phone.shot('arrears-dashboard-phone');
    await phone.close();
    await tab.close();
  });
});
