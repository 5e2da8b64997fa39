import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { deliverDue } from '../../src/sync/delivery/worker.js';
import { registerEndpoint } from '../helpers/delivery.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show, type TestResponse } from '../helpers/harness.js';

/**
 * Webhook URLs with a user name or password can never be delivered (fetch refuses them) and would
 * show the password wherever the URL is shown: endpoints and watches refuse them, naming `url`. What a
 * failed attempt stores (last_error, the attempt's error) never holds the URL.
 */
let h: Harness;
let admin: string;
let platform: string;
let uscc: string;
const WITH_PASSWORD = 'https://hook-user:s3cr3t-pw@hooks.example.com/credit';

beforeAll(async () => {
  h = await createHarness({ clock: systemClock, env: { SYNC_RETRY_SCHEDULE: '0s,50ms', SYNC_DELIVERY_TIMEOUT_MS: '500' } });
  admin = await h.tokens.sign('admin');
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  uscc = (await createSubject(h, await h.tokens.sign('regulator', { dept: DEPT_A }))).uscc;
});
afterAll(() => h.close());

function expectRefusedUrl(res: TestResponse) {
  expect(res.status, show(res)).toBe(400);
  expect(res.body.errors?.[0]?.path, show(res)).toBe('url');
  expect(res.body.errors[0].message, show(res)).toMatch(/user name or password/);
  expect(res.text, 'the refusal does not repeat the password').not.toContain('s3cr3t-pw');
}

describe('a webhook URL with credentials', () => {
  it('is refused for an endpoint, on registration and on change', async () => {
    for (const url of [WITH_PASSWORD, 'https://only-user@hooks.example.com/credit', 'https://:pw@hooks.example.com/credit']) {
      expectRefusedUrl(await h.request('POST', '/api/v1/sync/endpoints', { token: admin, body: { url } }));
    }
    const id = await registerEndpoint(h, admin, { url: 'https://hooks.example.com/credit', startAfter: -1 });
    expectRefusedUrl(await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { url: WITH_PASSWORD } }));
    const kept = await h.request('GET', `/api/v1/sync/endpoints/${id}`, { token: admin });
    expect(kept.body.url, show(kept)).toBe('https://hooks.example.com/credit');
    await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { status: 'paused' } });
  });

  it('is refused for a watch, on registration and on change', async () => {
    expectRefusedUrl(await h.request('POST', '/api/v1/sync/watches', { token: platform, body: { url: WITH_PASSWORD, usccs: [uscc] } }));
    const ok = await h.request('POST', '/api/v1/sync/watches', {
      token: platform,
      body: { url: 'https://hooks.example.com/watch', usccs: [uscc] },
    });
    expect(ok.status, show(ok)).toBe(201);
    expectRefusedUrl(await h.request('PATCH', `/api/v1/sync/watches/${ok.body.id}`, { token: platform, body: { url: WITH_PASSWORD } }));
    await h.request('DELETE', `/api/v1/sync/watches/${ok.body.id}`, { token: platform });
  });
});

describe('the error stored for a failed attempt', () => {
  it('never holds the URL or its password, though the request could not even be made', async () => {
    // A row from before the check (or written around it): its messages fail, and say why without the URL.
    const now = new Date();
    const id = 'whe_credentials_test';
    await h.db
      .insertInto('sync.endpoints')
      .values({ id, url: WITH_PASSWORD, created_by: 'test', created_at: now, updated_at: now, cursor: 1_000_000 })
      .execute();
    await h.db
      .insertInto('sync.deliveries')
      .values({ id: 'msg_credentials_test', endpoint_id: id, seq: 1, event_count: 0, body: '{}', next_attempt_at: now, created_at: now })
      .execute();
    for (let pass = 0; pass < 20; pass++) {
      await deliverDue(h.db, systemClock, h.deps.sync);
      const row = await h.db
        .selectFrom('sync.deliveries')
        .select('status')
        .where('id', '=', 'msg_credentials_test')
        .executeTakeFirstOrThrow();
      if (row.status === 'dead') break;
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    const detail = await h.request('GET', '/api/v1/sync/deliveries/msg_credentials_test', { token: admin });
    expect(detail.body.status, show(detail)).toBe('dead');
    const errors = [detail.body.lastError, ...detail.body.history.map((a: { error: string }) => a.error)];
    expect(errors.length, show(detail)).toBe(3);
    for (const error of errors) {
      expect(error, show(detail)).toMatch(/^request failed: /);
      expect(error, show(detail)).not.toMatch(/s3cr3t-pw|hook-user|hooks\.example\.com/);
    }
  });
});
