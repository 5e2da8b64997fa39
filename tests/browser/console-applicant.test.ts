import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';

/**
 * The applicant's console and the sync page in chromium on `npm start`'s demo: the demo project owner
 * (applicant:shenyang-rfb, 沈阳市人民防空办公室) owns a completed purchase, a failed draw and a cancelled
 * one; the admin sees the feed head and a push endpoint whose platform (a local server that answers 503)
 * refuses every batch, with its waiting messages and the last error.
 */
let site: Site;
let refusing: Server;
beforeAll(async () => {
  site = await openSite();
  refusing = createServer((_req, res) => res.writeHead(503).end('maintenance'));
  await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await site?.close();
  await new Promise((resolve) => refusing?.close(resolve));
});

describe('the applicant console', () => {
  it('lists the owner’s announcements and opens one whose selection is finished', async () => {
    const tab = await site.open();
    await tab.signInAs('applicant');
    await tab.page.getByRole('link', { name: '我的项目公告' }).click();
    await tab.page.waitForURL(/\/console\/announcements$/);
    expect(await tab.page.locator('h1').textContent()).toBe('我的项目公告');
    const rows = tab.page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    expect(await tab.page.locator('tbody').textContent()).toContain('已完成');
    await tab.shot('applicant-announcements');

    await tab.page.getByRole('link', { name: '和平区人防工程防护设备质量检测（2026年度第一批）' }).click();
    await tab.page.waitForURL(/\/console\/announcements\/ann_/);
    const main = tab.page.locator('main');
    await expect.poll(() => main.textContent()).toContain('选取结果');
    const text = (await main.textContent()) ?? '';
    expect(text).toContain('结果已确认');
    expect(text).toContain('沈人防检〔2026〕017号');
    expect(text).toContain('检测细致，报告规范');
    expect(await tab.page.getByRole('link', { name: '抽取证明文件（JSON）' }).count()).toBe(1);
    expect(await tab.page.locator('main form[method="post"]').count(), 'a completed and rated purchase offers nothing more').toBe(0);
    await tab.shot('applicant-announcement-completed');

    await tab.page.goto('/console/announcements/new');
    await tab.page.getByLabel('项目名称').fill('浑南区人防工程防护设备检测');
    await tab.page.getByLabel('最高限价（元）').fill('3000.555');
    await tab.page.getByRole('button', { name: '保存为草稿' }).click();
    await expect.poll(() => tab.page.locator('#error-summary').textContent()).toContain('最高限价（元）');
    expect(await tab.page.getByLabel('项目名称').inputValue()).toBe('浑南区人防工程防护设备检测');
    await tab.shot('applicant-draft-refused', { status: 400 });

    // Completed, the draft is saved and its page offers exactly what a draft allows: edit, publish, cancel.
    const local = (days: number) => new Date(Date.now() + (days * 24 + 8) * 3600_000).toISOString().slice(0, 16);
    await tab.page.locator('#f-projectCode').fill('2026-210112-47-01-300909');
    await tab.page.locator('#f-ownerName').fill('沈阳市人民防空办公室');
    await tab.page.locator('#f-service').selectOption('testing');
    await tab.page.locator('#f-region').fill('210112');
    await tab.page.locator('#f-priceCapFen').fill('3,000.50');
    await tab.page.locator('#f-signupDeadline').fill(local(10));
    await tab.page.locator('#f-selectionAt').fill(local(11));
    await tab.page.locator('#f-complaintContact').fill('024-22851234（沈阳市人防办监督科）');
    await tab.page.getByRole('button', { name: '保存为草稿' }).click();
    await tab.page.waitForURL(/\/console\/announcements\/ann_[0-9A-Z]{26}\?done=created$/);
    expect(await tab.page.locator('main').textContent()).toContain('最高限价 ¥3,000.50');
    expect(await tab.page.getByRole('button', { name: '发布公告' }).count()).toBe(1);
    expect(await tab.page.getByRole('button', { name: '取消公告' }).count()).toBe(1);
    expect(await tab.page.getByRole('link', { name: '修改草稿' }).count()).toBe(1);
    await tab.shot('applicant-draft');
    await tab.close();
  });
});

describe('the sync page', () => {
  it('shows an admin the feed head, the endpoints and the quality', async () => {
    const tab = await site.open();
    await tab.signInAs('admin');
    // The admin registers an endpoint through the API with its own session token, as curl would.
    const token = (await tab.page.context().cookies()).find((c) => c.name === 'registry_session')!.value;
    const url = `http://127.0.0.1:${(refusing.address() as AddressInfo).port}/hooks/credit`;
    const registered = await tab.page.request.post('/api/v1/sync/endpoints', {
      headers: { Authorization: `Bearer ${token}` },
      data: { url, description: '市公共信用信息平台（维护中）' },
    });
    expect(registered.status()).toBe(201);
    await expect
      .poll(
        async () => {
          await tab.page.goto('/console/sync');
          return tab.page.locator('tr', { hasText: url }).textContent();
        },
        { timeout: 90_000, interval: 1000 },
      )
      .toContain('503');
    expect(await tab.page.locator('h1').textContent()).toBe('信用平台同步');
    const main = (await tab.page.locator('main').textContent()) ?? '';
    expect(main).toContain('已排序事件数');
    expect(main).toContain('推送端点');
    expect(main).toContain('报送质量');
    await tab.shot('sync-admin');

    await tab.page.getByRole('link', { name: /死信队列/ }).click();
    await tab.page.waitForURL(/\/console\/sync\/dead-letters$/);
    await tab.shot('sync-dead-letters');
    await tab.close();
  });
});
