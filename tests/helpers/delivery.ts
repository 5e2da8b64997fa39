import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import type { Clock } from '../../src/core/clock.js';
import type { Db } from '../../src/db/types.js';
import { syncPass } from '../../src/runtime/sync-loop.js';
import type { SyncEnv } from '../../src/sync/env.js';
import { readFeed } from '../../src/sync/feed.js';
import { createSubject } from './factories.js';
import { type Harness, show } from './harness.js';
import { type Platform, waitUntil } from './platform-server.js';

/** Shared steps of the push-delivery tests: endpoints, events, passes of the sync loop, and the checks. */

export const newSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

export async function registerEndpoint(h: Harness, admin: string, body: Record<string, unknown>): Promise<string> {
  const res = await h.request('POST', '/api/v1/sync/endpoints', { token: admin, body });
  expect(res.status, `register endpoint: ${show(res)}`).toBe(201);
  return res.body.id;
}

export async function setStatus(h: Harness, admin: string, id: string, status: 'active' | 'paused') {
  const res = await h.request('PATCH', `/api/v1/sync/endpoints/${id}`, { token: admin, body: { status } });
  expect(res.status, show(res)).toBe(200);
}

/** Public events through the API: each registered subject is one `subject.created` in the feed. */
export async function produceEvents(h: Harness, regulator: string, count: number) {
  for (let i = 0; i < count; i++) await createSubject(h, regulator);
}

/** Runs passes of the sync loop (sequence, cut, match, deliver) until `done`, failing on any step's error. */
export async function pump(
  db: Db,
  clock: Clock,
  env: SyncEnv,
  done: () => boolean | Promise<boolean>,
  what: () => string,
  timeoutMs = 30_000,
) {
  await waitUntil(
    async () => {
      const report = await syncPass(db, clock, env);
      expect(report.errors, 'a step of the sync pass failed').toEqual([]);
      return done();
    },
    what,
    timeoutMs,
  );
}

export async function feedIds(db: Db): Promise<string[]> {
  const ids: string[] = [];
  for (let after = -1; ; ) {
    const page = await readFeed(db, after, 1000);
    if (page.length === 0) return ids;
    ids.push(...page.map((item) => item.id));
    after = page.at(-1)!.index;
  }
}

/** Every event in the feed (of the wanted types) applied exactly once, nothing else applied. */
export async function expectAppliedOnce(db: Db, platform: Platform, wanted: (id: string) => boolean = () => true) {
  const ids = (await feedIds(db)).filter(wanted);
  const counts = platform.eventCounts();
  expect([...counts.keys()].sort(), 'the events the platform applied').toEqual([...ids].sort());
  const twice = [...counts].filter(([, n]) => n !== 1);
  expect(twice, 'events applied more than once').toEqual([]);
  expect(platform.bodyMismatches, 'a webhook-id sent again with another body').toEqual([]);
}

/** The platform applied batches 1, 2, 3 … in order, and events in feed order. */
export function expectInOrder(platform: Platform) {
  const seqs = platform.appliedSeqs();
  expect(seqs, 'batches applied in seq order').toEqual(seqs.map((_, i) => i + 1));
  const indexes = platform.applied.flatMap((a) => (a.payload.data.events ?? []).map((e) => e.index));
  expect(indexes, 'events applied in feed order').toEqual([...indexes].sort((a, b) => a - b));
}

export async function allDelivered(db: Db, endpointId: string): Promise<boolean> {
  const open = await db
    .selectFrom('sync.deliveries')
    .select('id')
    .where('endpoint_id', '=', endpointId)
    .where('status', '<>', 'delivered')
    .execute();
  return open.length === 0;
}
