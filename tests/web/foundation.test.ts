import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.js';
import { getPage, postForm } from '../helpers/web.js';

const DEPT = '11210100QY80000166';
let h: Harness;
let regulator: string;
let minted: string[];

beforeAll(async () => {
  minted = [];
  h = await createHarness({
    deps: {
      demoSignIn: {
        personas: [{ role: 'admin', label: '系统管理员' }],
        anyClient: true,
        mint: async (role) => {
          minted.push(role);
          return h.tokens.sign(role, { sub: 'demo:admin' });
        },
      },
    },
  });
  regulator = await h.tokens.sign('regulator', { dept: DEPT });
});
afterAll(async () => h.close());

describe('the pages beside the API', () => {
  it('answers an unknown page with an HTML page, and the API still with problem+json', async () => {
    const page = await getPage(h, '/subjects-nowhere');
    expect(page.status).toBe(404);
    expect(page.headers.get('Content-Type')).toContain('text/html');
    expect(page.text).toContain('页面不存在');
    const api = await h.request('GET', '/api/v1/nowhere');
    expect(api.status).toBe(404);
    expect(api.headers.get('Content-Type')).toBe('application/problem+json');
  });

  it('sends pages with a strict content security policy, and the API without one', async () => {
    const page = await getPage(h, '/console/sign-in');
    expect(page.headers.get('Content-Security-Policy')).toContain("default-src 'self'");
    expect(page.headers.get('Content-Security-Policy')).toContain("frame-ancestors 'none'");
    expect(page.html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(page.html).toContain('<html lang="zh-CN">');
    const api = await h.request('GET', '/api/v1/public/list-entries');
    expect(api.headers.get('Content-Security-Policy')).toBeNull();
  });

  it('serves its one stylesheet itself', async () => {
    const res = await h.app.request('/assets/site.css');
    expect(res.status).toBe(200);
    expect(res.headers.get('Content-Type')).toContain('text/css');
    expect(await res.text()).toContain('.field.invalid');
  });
});

describe('the console session', () => {
  it('sends a visitor to sign in and back to the page asked for', async () => {
    const page = await getPage(h, '/console/entries?state=notified');
    expect(page.status).toBe(303);
    expect(page.location).toBe(`/console/sign-in?next=${encodeURIComponent('/console/entries?state=notified')}`);
  });

  it('signs in with a pasted token into an HttpOnly SameSite=Strict cookie, and out again', async () => {
    const res = await postForm(h, '/console/sign-in', { token: `Bearer ${regulator}`, next: '/console' });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console');
    const cookie = res.headers.get('Set-Cookie')!;
    expect(cookie).toContain(`registry_session=${regulator}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
    const home = await getPage(h, '/console', regulator);
    expect(home.status).toBe(200);
    expect(home.text).toContain('登记失信案件');
    expect(home.text).toContain(DEPT);
    const out = await postForm(h, '/console/sign-out', {}, regulator);
    expect(out.status).toBe(303);
    expect(out.headers.get('Set-Cookie')).toContain('registry_session=;');
  });

  it('marks the cookie Secure when the public address is https, though the proxy speaks http to it', async () => {
    const behindProxy = await createHarness({ env: { PUBLIC_URL: 'https://credit.example.gov.cn' } });
    try {
      const token = await behindProxy.tokens.sign('regulator', { dept: DEPT });
      const res = await postForm(behindProxy, '/console/sign-in', { token });
      expect(res.status).toBe(303);
      expect(res.headers.get('Set-Cookie')).toContain('Secure');
    } finally {
      await behindProxy.close();
    }
    const plain = await postForm(h, '/console/sign-in', { token: regulator });
    expect(plain.headers.get('Set-Cookie')).not.toContain('Secure');
  });

  it('refuses a token that does not verify, saying why, and keeps no cookie', async () => {
    const forged = `${regulator.slice(0, -4)}AAAA`;
    const res = await postForm(h, '/console/sign-in', { token: forged });
    expect(res.status).toBe(401);
    expect(res.text).toContain('令牌无效');
    expect(res.text).toContain('signature');
    expect(res.headers.get('Set-Cookie')).toBeNull();
    const empty = await postForm(h, '/console/sign-in', { token: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('请粘贴令牌');
  });

  it('goes back only to a page of this site after signing in', async () => {
    for (const next of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const res = await postForm(h, '/console/sign-in', { token: regulator, next });
      expect(res.location, next).toBe('/console');
    }
  });

  it('treats a cookie whose token no longer verifies as signed out', async () => {
    const page = await getPage(h, '/console', `${regulator}x`);
    expect(page.status).toBe(303);
    expect(page.location).toContain('/console/sign-in');
  });

  it('keeps what was typed when a form arrives after the session ended, and writes nothing', async () => {
    const res = await h.app.request('http://localhost/console/records/new', {
      method: 'POST',
      headers: {
        Origin: 'http://localhost',
        Referer: 'http://localhost/console/records/new',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ facts: '在检测报告中提供虚假数据', documentNo: '沈人防罚〔2026〕9号', _once: 'k1' }).toString(),
    });
    expect(res.status).toBe(401);
    const html = await res.text();
    expect(html).toContain('登录已过期或已退出');
    expect(html).toContain('facts：在检测报告中提供虚假数据');
    expect(html).not.toContain('k1');
    expect(html).toContain(`/console/sign-in?next=${encodeURIComponent('/console/records/new')}`);
    const stored = await h.db.selectFrom('credit.records').select('id').where('document_no', '=', '沈人防罚〔2026〕9号').execute();
    expect(stored).toEqual([]);
  });

  it('refuses a form posted from another site (CSRF)', async () => {
    const res = await h.app.request('http://localhost/console/sign-out', {
      method: 'POST',
      headers: {
        Cookie: `registry_session=${regulator}`,
        Origin: 'https://evil.example',
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: '',
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('Set-Cookie')).toBeNull();
  });

  it('signs in a demo persona with one click only where the demo sign-in is on', async () => {
    const page = await getPage(h, '/console/sign-in');
    expect(page.html).toContain('data-role="admin"');
    const res = await postForm(h, '/console/demo-sign-in', { role: 'admin' });
    expect(res.status).toBe(303);
    expect(res.headers.get('Set-Cookie')).toContain('registry_session=');
    expect(minted).toEqual(['admin']);
    const unknown = await postForm(h, '/console/demo-sign-in', { role: 'regulator' });
    expect(unknown.status).toBe(400);

    const plain = await createHarness();
    try {
      expect((await getPage(plain, '/console/sign-in')).html).not.toContain('data-role=');
      expect((await postForm(plain, '/console/demo-sign-in', { role: 'admin' })).status).toBe(404);
    } finally {
      await plain.close();
    }
  });
});
