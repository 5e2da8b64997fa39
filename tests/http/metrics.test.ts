import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import { CONSUMERS } from '../../src/jobs/index.js';
import { createNodeMetrics } from '../../src/runtime/metrics.js';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * GET /metrics over the app (the Node metrics, a real database): who may read it, route patterns as
 * labels, and the backlog read from the outbox and delivery tables. The same over a real socket, on the
 * build, is in tests/embedded/production-build.test.ts.
 */
const TOKEN = 'metrics-token-for-the-test-0123456789';
let h: Harness;

beforeAll(async () => {
  h = await createHarness({
    env: { METRICS_TOKEN: TOKEN },
    deps: { metrics: createNodeMetrics(() => [{ pool: 'primary', max: 10, inUse: 3, idle: 7, waiting: 2 }]) },
  });
});
afterAll(async () => {
  await h?.close();
});

const scrape = (headers: Record<string, string> = { Authorization: `Bearer ${TOKEN}` }) =>
  h.request('GET', '/metrics', { headers, skipContractCheck: true });

/** The value of one series, by its exact name and labels as Prometheus prints them. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('who may read /metrics', () => {
  it('with METRICS_TOKEN set: only a request carrying it', async () => {
    const none = await scrape({});
    expect(none.status, show(none)).toBe(401);
    expect(none.headers.get('WWW-Authenticate')).toContain('Bearer');
    const wrong = await scrape({ Authorization: `Bearer ${TOKEN.slice(0, -1)}x` });
    expect(wrong.status, show(wrong)).toBe(401);
    const right = await scrape();
    expect(right.status, show(right)).toBe(200);
    expect(right.headers.get('Content-Type')).toContain('text/plain');
  });

  it('without it: a client on this machine only (app.request has no socket, so it is not one)', async () => {
    const open = buildApp({ ...h.deps, config: loadConfig({}) });
    const res = await open.request('/metrics');
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('METRICS_TOKEN');
  });

  it('is a 404 where the deployment has no metrics (the Worker)', async () => {
    const worker = buildApp({ ...h.deps, metrics: undefined });
    expect((await worker.request('/metrics', { headers: { Authorization: `Bearer ${TOKEN}` } })).status).toBe(404);
  });
});

describe('request durations', () => {
  it('are counted by route pattern and status, never by the URL asked for', async () => {
    const uscc = uniqueUscc(); // valid, and registered nowhere: a 404
    const statuses = new Set<number>();
    for (let i = 0; i < 3; i++)
      statuses.add((await h.request('GET', `/api/v1/public/subjects/${uscc}`, { skipContractCheck: true })).status);
    await h.request('GET', '/no/such/page', { skipContractCheck: true });
    await h.request('POST', '/api/v1/no/such/route', { skipContractCheck: true, body: {} });
    const { text } = await scrape();
    expect(statuses).toEqual(new Set([404]));
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/api/v1/public/subjects/:uscc",status="404"}'), text).toBe(
      3,
    );
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}'), text).toBe(1);
    // A write to no route passes the write methods' middleware, and still counts as unmatched.
    expect(sample(text, 'http_request_duration_seconds_count{method="POST",route="unmatched",status="404"}'), text).toBe(1);
    expect(text).not.toContain(uscc);
    expect(text).not.toContain('/no/such/page');
  });
});

describe('the backlog', () => {
  it('reports pool counts, outbox lag per reader and open deliveries per endpoint', async () => {
    const now = h.clock.now().getTime();
    const at = (secondsAgo: number) => new Date(now - secondsAgo * 1000);
    const consumer = CONSUMERS[0];
    await h.db
      .insertInto('sync.events')
      .values([
        // Not placed in the feed yet, 90 s old; a consumer's event not taken yet, 40 s old.
        {
          id: 'evt_metrics_feed',
          at: at(90),
          type: PUBLIC_EVENT_TYPES[0]!,
          entity_type: 'test',
          entity_id: 'x',
          payload: JSON.stringify({}),
        },
        { id: 'evt_metrics_consumer', at: at(40), type: consumer.type, entity_type: 'test', entity_id: 'y', payload: JSON.stringify({}) },
      ])
      .execute();
    const stamp = { created_by: 'admin:test', created_at: at(0), updated_at: at(0) };
    await h.db
      .insertInto('sync.endpoints')
      .values([
        { id: 'ep_metrics_a', url: 'https://a.example/hook', ...stamp },
        { id: 'ep_metrics_b', url: 'https://b.example/hook', ...stamp },
      ])
      .execute();
    const delivery = (seq: number, status: 'pending' | 'delivered' | 'dead') => ({
      id: `del_metrics_${seq}`,
      endpoint_id: 'ep_metrics_a',
      seq: String(seq),
      event_count: 1,
      body: '{}',
      status,
      next_attempt_at: at(0),
      created_at: at(0),
    });
    await h.db
      .insertInto('sync.deliveries')
      .values([delivery(1, 'delivered'), delivery(2, 'dead'), delivery(3, 'pending'), delivery(4, 'pending')])
      .execute();

    const { text } = await scrape();
    expect(sample(text, 'registry_db_pool_connections{pool="primary",state="in_use"}'), text).toBe(3);
    expect(sample(text, 'registry_db_pool_waiting{pool="primary"}'), text).toBe(2);
    expect(sample(text, 'registry_outbox_lag_seconds{consumer="feed"}'), text).toBe(90);
    expect(sample(text, `registry_outbox_lag_seconds{consumer="${consumer.name}"}`), text).toBe(40);
    expect(sample(text, `registry_outbox_lag_seconds{consumer="${CONSUMERS[1].name}"}`), text).toBe(0);
    expect(sample(text, 'registry_sync_endpoint_deliveries{endpoint="ep_metrics_a",status="pending"}'), text).toBe(2);
    expect(sample(text, 'registry_sync_endpoint_deliveries{endpoint="ep_metrics_a",status="dead"}'), text).toBe(1);
    expect(sample(text, 'registry_sync_endpoint_deliveries{endpoint="ep_metrics_b",status="pending"}'), text).toBe(0);
    expect(sample(text, 'registry_sync_watch_deliveries{status="pending"}'), text).toBe(0);
    expect(sample(text, 'process_resident_memory_bytes'), text).toBeGreaterThan(0);
  });
});
