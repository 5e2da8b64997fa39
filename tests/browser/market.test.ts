import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';

/** The 中介超市 pages in chromium on the demo data, without signing in. */
let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('the 中介超市 in a browser', () => {
  it('searches the directory by service and by name, and opens an agency', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto('/market');
    expect(await page.locator('h1').textContent()).toBe('中介超市');
    await page.getByLabel('服务', { exact: true }).selectOption({ label: '检测' });
    await page.getByLabel('排序').selectOption('fee');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/service=testing/);
    const rows = page.locator('main table tbody tr');
    expect(await rows.count()).toBeGreaterThan(1);
    // The suspended demo agency (大东防雷检测) offers testing but is not selectable: it is not listed.
    expect(await page.getByText('沈阳大东防雷检测有限公司').count()).toBe(0);
    await tab.shot('market-directory-testing');

    await page.getByLabel('名称或代码').fill('盛京');
    await page.getByLabel('服务', { exact: true }).selectOption('');
    await page.getByLabel('排序').selectOption('credit');
    await page.getByRole('button', { name: '查询' }).click();
    await page.waitForURL(/q=/);
    await page.getByRole('link', { name: '沈阳盛京工程咨询有限公司' }).click();
    await page.waitForURL(/\/market\/agencies\/91210102QY90000187$/);
    expect(await page.locator('h1').textContent()).toBe('沈阳盛京工程咨询有限公司');
    await expect(page.getByRole('heading', { name: '服务与收费' }).count()).resolves.toBe(1);
    await expect(page.getByText('¥3,000.00 / 项').count()).resolves.toBeGreaterThan(0);
    await tab.shot('market-agency');

    const phone = await site.open({ phone: true });
    await phone.page.goto('/market/agencies/91210102QY90000187');
    await phone.shot('market-agency-phone');
    await phone.close();
    await tab.close();
  });

  it('opens an announcement with a random draw and its proof', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto('/market/announcements?state=completed');
    await tab.shot('market-announcements');
    await page.getByRole('link', { name: '和平区人防工程防护设备质量检测（2026年度第一批）' }).click();
    await page.waitForURL(/\/market\/announcements\/ann_/);
    await expect(page.getByRole('heading', { name: '抽取证明' }).count()).resolves.toBe(1);
    await expect(page.getByText('与公布的一致').count()).resolves.toBe(1);
    await expect(page.getByRole('heading', { name: '自己验证' }).count()).resolves.toBe(1);
    await expect(page.locator('ol.steps pre', { hasText: 'npm run verify-draw -- proof.json' }).count()).resolves.toBe(1);
    await tab.shot('market-announcement-draw');

    // The proof the page links to is the JSON the verifier takes.
    const href = await page.getByRole('link', { name: /\/api\/v1\/market\/selections\/sel_.+\/proof/ }).getAttribute('href');
    const proof = await (await page.request.get(href!)).json();
    expect(proof.format).toBe('credit-registry/draw-proof/v1');
    expect(await page.locator('main').textContent()).toContain(proof.poolHash);
    await tab.close();
  });

  it('files a report, naming a wrong field first, and shows the tracking number', async () => {
    const tab = await site.open();
    const { page } = tab;
    await page.goto('/market/report');
    await page.getByLabel('被举报机构的统一社会信用代码').fill('91210102QY9000018X');
    await page.getByLabel('违规事实').fill('2026年11月某项目中，该机构未到现场即出具咨询意见。');
    await page.getByLabel('您的姓名').fill('赵先生');
    await page.getByLabel('您的电话').fill('024-66668888');
    await page.getByRole('button', { name: '提交举报' }).click();
    await expect(page.locator('.field.invalid label').first().textContent()).resolves.toContain('被举报机构的统一社会信用代码');
    await expect(page.getByLabel('违规事实').inputValue()).resolves.toContain('未到现场');
    await tab.shot('market-report-refused', { status: 400 });

    await page.getByLabel('被举报机构的统一社会信用代码').fill('91210102QY90000187');
    await page.getByRole('button', { name: '提交举报' }).click();
    await page.waitForURL(/\/market\/report\/JB\d{8}[0-9A-Z]{10}\/received$/);
    const trackingNo = (await page.locator('#tracking-no').textContent())?.trim() ?? '';
    expect(trackingNo).toMatch(/^JB\d{8}[0-9A-Z]{10}$/);
    await tab.shot('market-report-received');

    await page.getByRole('link', { name: '查看处理进度' }).click();
    await page.waitForURL(new RegExp(`/market/report/${trackingNo}$`));
    await expect(page.getByText('已受理，正在核查').count()).resolves.toBe(1);
    await tab.shot('market-report-status');
    await tab.close();
  });
});
