import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { newId } from '../../src/lib/ids.js';
import { pump } from '../helpers/delivery.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { startPlatform } from '../helpers/platform-server.js';
import { sequenceAll } from '../helpers/sync-watches.js';

/**
 * A watch's notification that fails every attempt dies without holding up the later ones (each carries
 * the subject's whole current status), and the watch's owner sees what is pending, what died and why.
 * Three attempts (now, +50 ms, +100 ms) keep it quick.
 */
let h: Harness;
let owner: string;
let admin: string;
let uscc: string;

beforeAll(async () => {
  h = await createHarness({ clock: systemClock, env: { SYNC_RETRY_SCHEDULE: '0s,50ms,100ms', SYNC_DELIVERY_TIMEOUT_MS: '500' } });
  owner = await h.tokens.sign('platform', { sub: 'platform:city' });
  admin = await h.tokens.sign('admin');
  uscc = (await createSubject(h, await h.tokens.sign('regulator', { dept: DEPT_A }))).uscc;
  await sequenceAll(h, systemClock);
});
afterAll(() => h.close());

/** Two notifications to the watch, as the matcher writes them: the second waits for the first. */
async function notify(watchId: string) {
  const now = new Date();
  const messages = [1, 2].map((seq) => ({
    id: newId('delivery'),
    watch_id: watchId,
    seq,
    event_count: 1,
    body: JSON.stringify({ type: 'credit.watch.test', timestamp: now.toISOString(), data: { watchId, uscc, seq } }),
    next_attempt_at: now,
    created_at: now,
  }));
  await h.db.insertInto('sync.deliveries').values(messages).execute();
  return messages.map((m) => m.id);
}

const statusOf = async (id: string) =>
  (await h.db.selectFrom('sync.deliveries').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status;

describe('a notification that fails every attempt', () => {
  it('dies without blocking the next one, and the owner sees the counts and the last error', async () => {
    const jwks = (await h.request('GET', '/.well-known/jwks.json')).body.keys as { kty: string; crv?: string }[];
    const platform = await startPlatform({ publicJwks: jwks.filter((k) => k.kty === 'OKP' && k.crv === 'Ed25519') as JsonWebKey[] });
    try {
      const created = await h.request('POST', '/api/v1/sync/watches', { token: owner, body: { url: platform.url, usccs: [uscc] } });
      expect(created.status, show(created)).toBe(201);
      expect(created.body.delivery, show(created)).toEqual({ pending: 0, dead: 0, lastError: null });
      const watchId = created.body.id as string;
      const [first, second] = await notify(watchId);

      const waiting = await h.request('GET', `/api/v1/sync/watches/${watchId}`, { token: owner });
      expect(waiting.body.delivery, show(waiting)).toEqual({ pending: 2, dead: 0, lastError: null });

      platform.script({ kind: 'fail', status: 503 }, { kind: 'fail', status: 503 }, { kind: 'fail', status: 503 });
      await pump(
        h.db,
        systemClock,
        h.deps.sync,
        async () => (await statusOf(second!)) === 'delivered',
        () => JSON.stringify(platform.received.map((r) => [r.webhookId === first ? 'first' : 'second', r.answered])),
        10_000,
      );
      expect(await statusOf(first!)).toBe('dead');
      expect(
        platform.received.map((r) => [r.webhookId === first ? 'first' : 'second', r.answered]),
        'the first is tried until it dies, then the second goes',
      ).toEqual([
        ['first', 503],
        ['first', 503],
        ['first', 503],
        ['second', 200],
      ]);

      const one = await h.request('GET', `/api/v1/sync/watches/${watchId}`, { token: owner });
      expect(one.body.delivery, show(one)).toEqual({ pending: 0, dead: 1, lastError: 'answered 503: refused (503)' });
      const listed = await h.request('GET', '/api/v1/sync/watches', { token: owner });
      expect(listed.body.items.find((w: { id: string }) => w.id === watchId)?.delivery, show(listed)).toEqual(one.body.delivery);

      // Replayed by an admin, the dead one goes out too and the owner's view clears.
      const replayed = await h.request('POST', `/api/v1/sync/deliveries/${first}/replay`, { token: admin });
      expect(replayed.status, show(replayed)).toBe(200);
      await pump(
        h.db,
        systemClock,
        h.deps.sync,
        async () => (await statusOf(first!)) === 'delivered',
        () => 'the replay to be delivered',
        10_000,
      );
      const after = await h.request('GET', `/api/v1/sync/watches/${watchId}`, { token: owner });
      expect(after.body.delivery, show(after)).toEqual({ pending: 0, dead: 0, lastError: null });
    } finally {
      await platform.close();
    }
  });
});
