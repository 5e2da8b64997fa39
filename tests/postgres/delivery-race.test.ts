import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { createPgDb } from '../../src/db/pg.js';
import type { Db } from '../../src/db/types.js';
import { type SyncPassReport, startSyncLoop } from '../../src/runtime/sync-loop.js';
import {
  allDelivered,
  expectAppliedOnce,
  expectInOrder,
  feedIds,
  newSecret,
  produceEvents,
  registerEndpoint,
} from '../helpers/delivery.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness } from '../helpers/harness.js';
import { type Platform, startPlatform, waitUntil } from '../helpers/platform-server.js';

/**
 * Two delivery loops at once, each with its own connection pool as two processes would have, over
 * three endpoints: cutting skips an endpoint the other loop is cutting (FOR UPDATE SKIP LOCKED on its
 * row), claiming skips a message the other loop holds. Every event is applied once, batches in order,
 * and no message is ever in flight twice at the same moment — while writers keep adding events.
 */
let h: Harness;
let admin: string;
let regulator: string;
const platforms: Platform[] = [];
const pools: Db[] = [];

beforeAll(async () => {
  h = await createHarness({
    clock: systemClock,
    env: { SYNC_RETRY_SCHEDULE: '0s,50ms,100ms', SYNC_DELIVERY_TIMEOUT_MS: '500', SYNC_BATCH_MAX: '2' },
  });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  for (const p of platforms) await p.close();
  for (const db of pools) await db.destroy();
  await h.close();
});

describe('two delivery loops side by side', () => {
  it('apply every event once, in order, and never send one message twice at once', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const secret = newSecret();
      const platform = await startPlatform({ secret });
      platforms.push(platform);
      // Every answer takes a while, so the two loops' requests overlap; one platform also fails now and then.
      platform.script(
        ...Array.from({ length: 200 }, (_, n) => (i === 2 && n % 7 === 3 ? { kind: 'fail' as const } : { kind: 'slow' as const, ms: 20 })),
      );
      ids.push(await registerEndpoint(h, admin, { url: platform.url, secret }));
    }
    await produceEvents(h, regulator, 10);

    const delivered = [0, 0];
    const loops = [0, 1].map((n) => {
      const db = createPgDb(h.url!, 8);
      pools.push(db);
      return startSyncLoop(db, systemClock, h.deps.sync, {
        intervalMs: 10,
        onPass: (report: SyncPassReport) => {
          expect(report.errors).toEqual([]);
          delivered[n]! += report.delivered;
        },
      });
    });
    try {
      await produceEvents(h, regulator, 20);
      await waitUntil(
        async () => {
          const feed = (await feedIds(h.db)).length;
          const done = await Promise.all(ids.map((id) => allDelivered(h.db, id)));
          return feed === 30 && done.every(Boolean) && platforms.every((p) => p.eventCounts().size === feed);
        },
        () => JSON.stringify({ delivered, applied: platforms.map((p) => p.eventCounts().size) }),
        60_000,
      );
    } finally {
      await Promise.all(loops.map((loop) => loop.stop()));
    }

    for (const [i, platform] of platforms.entries()) {
      await expectAppliedOnce(h.db, platform);
      expectInOrder(platform);
      expect(platform.overlaps, `endpoint ${i}: a message in flight twice at once`).toEqual([]);
      const messages = await h.db.selectFrom('sync.deliveries').select(['id', 'event_count']).where('endpoint_id', '=', ids[i]!).execute();
      expect(
        messages.reduce((n, m) => n + m.event_count, 0),
        'no event cut into two messages',
      ).toBe(30);
      if (i < 2) {
        // Never failed: each message was sent exactly once, by one of the two loops.
        expect(platform.received.length, 'each message sent once').toBe(messages.length);
      }
    }
    expect(
      delivered.every((n) => n > 0),
      `both loops delivered: ${delivered}`,
    ).toBe(true);
  });
});
