import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSite, type Site } from '../helpers/browser.js';

let site: Site;
beforeAll(async () => {
  site = await openSite();
});
afterAll(async () => {
  await site?.close();
});

describe('signing in to the console', () => {
  it('sends a visitor to sign in, signs in with a pasted token and out again', async () => {
    const tab = await site.open();
    await tab.page.goto('/console');
    await expect.poll(() => tab.page.url()).toContain('/console/sign-in');
    await tab.page.getByLabel('令牌').fill('not-a-token');
    await tab.page.getByRole('button', { name: '登录', exact: true }).click();
    await expect(tab.page.locator('.field.invalid .error').textContent()).resolves.toContain('令牌无效');
    await tab.shot('sign-in-refused', { status: 401 });

    await tab.signInAs('regulator');
    expect(await tab.page.locator('h1').textContent()).toBe('工作台');
    expect(await tab.page.getByRole('link', { name: '登记失信案件' }).count()).toBe(1);
    await tab.shot('console-home-regulator');

    await tab.page.getByRole('button', { name: '退出' }).click();
    await tab.page.goto('/console');
    await expect.poll(() => tab.page.url()).toContain('/console/sign-in');
    await tab.close();
  });
});
