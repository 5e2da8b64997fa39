import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { registerEndpoint } from '../helpers/delivery.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { sequenceAll } from '../helpers/sync-watches.js';
import { getPage, postForm, textOf } from '../helpers/web.js';

/**
 * The console's sync pages over the same verbs as /api/v1/sync/*: the feed head as the checkpoint
 * endpoint answers it, each push endpoint's pending, in-flight, delivered and dead messages, the dead
 * letters with a replay button only an admin's replay gets through, the watches and the quality.
 */
let h: Harness;
let admin: string;
let platform: string;
let regulator: string;
let endpointId: string;
let deadId: string;
const URL_A = 'https://credit-platform.example.gov.cn/hooks/credit';

/** The visible text of the table row that holds `needle`. */
function rowOf(html: string, needle: string): string {
  const row = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!).find((r) => r.includes(needle));
  expect(row, `a row with ${needle}`).toBeDefined();
  return textOf(row!)
    .split('\n')
    .map((cell) => cell.trim())
    .join(' | ');
}

/** Messages to the endpoint as the delivery worker leaves them: two waiting (one leased by a worker), one delivered, one dead. */
async function deliveries(endpoint: string) {
  const now = h.clock.now();
  const later = new Date(now.getTime() + 60_000);
  const earlier = new Date(now.getTime() - 3600_000);
  const row = (seq: number, extra: Record<string, unknown>) => ({
    id: newId('delivery', now),
    endpoint_id: endpoint,
    seq,
    first_position: seq * 10,
    last_position: seq * 10 + 9,
    event_count: 10,
    body: JSON.stringify({ type: 'credit.feed.batch', data: { seq } }),
    next_attempt_at: now,
    created_at: earlier,
    ...extra,
  });
  const dead = row(2, {
    status: 'dead',
    attempts: 3,
    last_status: 503,
    last_error: 'platform answered 503 Service Unavailable',
    dead_at: earlier,
  });
  await h.db
    .insertInto('sync.deliveries')
    .values([
      row(1, { status: 'delivered', attempts: 1, last_status: 200, delivered_at: new Date('2026-11-19T01:30:00Z') }),
      dead,
      row(3, { status: 'pending', attempts: 1, lease_until: later }),
      row(4, { status: 'pending' }),
    ])
    .execute();
  await h.db
    .insertInto('sync.delivery_attempts')
    .values(
      [1, 2, 3].map((attempt) => ({
        delivery_id: dead.id,
        attempt,
        at: new Date(earlier.getTime() + attempt * 60_000),
        status: 503,
        error: 'platform answered 503 Service Unavailable',
        duration_ms: 40 + attempt,
      })),
    )
    .execute();
  return dead.id;
}

beforeAll(async () => {
  h = await createHarness();
  admin = await h.tokens.sign('admin');
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  const subject = await createSubject(h, regulator);
  await sequenceAll(h, h.clock);
  endpointId = await registerEndpoint(h, admin, { url: URL_A, description: '市公共信用信息平台' });
  deadId = await deliveries(endpointId);
  const watch = await h.request('POST', '/api/v1/sync/watches', {
    token: platform,
    body: { url: 'https://credit-platform.example.gov.cn/hooks/watch', usccs: [subject.uscc], description: '重点监测企业' },
  });
  expect(watch.status, show(watch)).toBe(201);
});
afterAll(async () => h.close());

describe('the sync page', () => {
  it("shows the feed head as the checkpoint endpoint signs it, and each endpoint's pending, in-flight, delivered and dead counts", async () => {
    const page = await getPage(h, '/console/sync', admin);
    expect(page.status, page.text).toBe(200);
    expect(page.html).toContain('<title>信用平台同步');
    const head = await h.request('GET', '/api/v1/sync/checkpoint', { token: admin });
    expect(head.status, show(head)).toBe(200);
    expect(page.text).toContain(head.body.rootHash);
    expect(page.text).toContain(`树大小 ${head.body.treeSize}`);

    // Columns: endpoint, status, cut up to, pending, in flight, delivered, dead, last error, last delivered.
    const row = rowOf(page.html, URL_A);
    expect(row).toContain('启用');
    expect(row).toMatch(/\| 1 \| 1 \| 1 \| 1 \|/);
    expect(row).toContain('platform answered 503 Service Unavailable');
    expect(row).toContain('2026-11-19 09:30');
    expect(page.html).toContain(`href="/console/sync/dead-letters?endpoint=${endpointId}"`);

    expect(rowOf(page.html, 'hooks/watch')).toContain('重点监测企业');
    expect(page.text).toContain('报送质量');
    expect(page.text).toContain('统计期 2026-01-01 至 2026-11-20');
  });

  it('shows the platform the feed head, its own watches and the quality, but not the endpoints; other roles not at all', async () => {
    const page = await getPage(h, '/console/sync', platform);
    expect(page.status, page.text).toBe(200);
    expect(page.text).toContain('已排序事件数');
    expect(page.text).toContain('只有系统管理员可以查看');
    expect(page.html).not.toContain(URL_A);
    expect(rowOf(page.html, 'hooks/watch')).toContain('信用平台');
    expect(page.text).toContain('统计期');

    expect((await getPage(h, '/console/sync/dead-letters', platform)).status).toBe(403);
    const refused = await getPage(h, '/console/sync', regulator);
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('无权访问');
  });

  it('names a wrong date of the quality period and keeps what was typed', async () => {
    const page = await getPage(h, '/console/sync?from=2026-13-01&to=2026-11-20', admin);
    expect(page.status).toBe(400);
    expect(page.text).toContain('决定日期自');
    expect(page.html).toContain('value="2026-13-01"');
    expect(page.html).toContain('aria-invalid="true"');
  });
});

describe('dead letters', () => {
  it('lists each dead batch with its attempts, and its page shows every attempt', async () => {
    const list = await getPage(h, '/console/sync/dead-letters', admin);
    expect(list.status, list.text).toBe(200);
    const row = rowOf(list.html, deadId);
    expect(row).toContain(endpointId);
    expect(row).toMatch(/\| 2 \| 20–29 \| 10 \| 3 \|/);
    expect(row).toContain('HTTP 503');
    expect(list.html).toContain(`action="/console/sync/dead-letters/${deadId}/replay"`);

    const filtered = await getPage(h, `/console/sync/dead-letters?endpoint=${endpointId}`, admin);
    expect(filtered.html).toContain(deadId);
    const other = await getPage(h, '/console/sync/dead-letters?endpoint=whe_none', admin);
    expect(other.html).not.toContain(deadId);
    expect(other.text).toContain('没有死信');

    const detail = await getPage(h, `/console/sync/dead-letters/${deadId}`, admin);
    expect(detail.status).toBe(200);
    expect(detail.text).toContain('死信');
    for (const attempt of [1, 2, 3]) expect(rowOf(detail.html, `${40 + attempt}</td>`)).toContain(`${attempt} |`);
  });

  it('is replayed from the page by an admin only, through the API’s verb', async () => {
    for (const token of [platform, regulator]) {
      const refused = await postForm(h, `/console/sync/dead-letters/${deadId}/replay`, {}, token);
      expect(refused.status, refused.text).toBe(403);
    }
    const still = await h.request('GET', `/api/v1/sync/deliveries/${deadId}`, { token: admin });
    expect(still.body.status).toBe('dead');

    const replayed = await postForm(h, `/console/sync/dead-letters/${deadId}/replay`, {}, admin);
    expect(replayed.status, replayed.text).toBe(303);
    expect(replayed.location).toBe(`/console/sync/dead-letters/${deadId}?replayed=1`);
    const after = await h.request('GET', `/api/v1/sync/deliveries/${deadId}`, { token: admin });
    expect(after.body).toMatchObject({ status: 'pending', attempts: 0, deadAt: null });
    const audit = await h.db.selectFrom('audit.entries').select(['action', 'actor']).where('entity_id', '=', deadId).execute();
    expect(audit).toEqual([{ action: 'sync.delivery_replay', actor: 'admin:test' }]);

    const page = await getPage(h, replayed.location!, admin);
    expect(page.text).toContain('已重新投递');
    expect(page.text).toContain('待投递');
    expect(page.html).not.toContain(`action="/console/sync/dead-letters/${deadId}/replay"`);
    expect(rowOf((await getPage(h, '/console/sync', admin)).html, URL_A)).toMatch(/\| 2 \| 1 \| 1 \| 0 \|/);

    // Replayed again, it is no longer dead: the page says so instead of the API's bare 409.
    const again = await postForm(h, `/console/sync/dead-letters/${deadId}/replay`, {}, admin);
    expect(again.status).toBe(409);
    expect(again.text).toContain('未能重新投递');
    expect((await postForm(h, '/console/sync/dead-letters/msg_nowhere/replay', {}, admin)).status).toBe(404);
  });
});
