import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * An applicant is outside the registry: with the default configuration its watch may not make the
 * registry call localhost or a private network. The platform (often on the government intranet) may.
 */
let h: Harness;
let uscc: string;
beforeAll(async () => {
  h = await createHarness({ env: { SYNC_ALLOW_PRIVATE_TARGETS: 'false' } });
  uscc = (await createSubject(h, await h.tokens.sign('regulator', { dept: DEPT_A }))).uscc;
});
afterAll(() => h.close());

describe('where a watch may send', () => {
  it("refuses an applicant's watch aimed at this machine or a private address, on creation and on change", async () => {
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:ssrf' });
    for (const url of ['http://127.0.0.1:8787/api/v1/admin/sweep', 'http://169.254.169.254/latest/meta-data', 'http://localhost/']) {
      const res = await h.request('POST', '/api/v1/sync/watches', { token: applicant, body: { url, usccs: [uscc] } });
      expect(res.status, show(res)).toBe(400);
      expect(res.body.errors[0].path, show(res)).toBe('url');
    }
    const ok = await h.request('POST', '/api/v1/sync/watches', {
      token: applicant,
      body: { url: 'https://hooks.example.com/w', usccs: [uscc] },
    });
    expect(ok.status, show(ok)).toBe(201);
    const moved = await h.request('PATCH', `/api/v1/sync/watches/${ok.body.id}`, {
      token: applicant,
      body: { url: 'http://10.0.0.5/hook' },
    });
    expect(moved.status, show(moved)).toBe(400);
    expect((await h.request('GET', `/api/v1/sync/watches/${ok.body.id}`, { token: applicant })).body.url).toBe(
      'https://hooks.example.com/w',
    );
  });

  it("lets the platform's watch target its intranet", async () => {
    const platform = await h.tokens.sign('platform');
    const res = await h.request('POST', '/api/v1/sync/watches', {
      token: platform,
      body: { url: 'http://10.20.30.40/credit/hook', usccs: [uscc] },
    });
    expect(res.status, show(res)).toBe(201);
  });
});
