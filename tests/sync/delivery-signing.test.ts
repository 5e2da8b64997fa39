import { generateKeyPairSync } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { newId } from '../../src/lib/ids.js';
import { startSyncLoop } from '../../src/runtime/sync-loop.js';
import { allDelivered, expectAppliedOnce, newSecret, produceEvents, pump, registerEndpoint, setStatus } from '../helpers/delivery.js';
import { createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { type Platform, startPlatform, waitUntil } from '../helpers/platform-server.js';

/**
 * What the platform can check on its own: v1 messages verify with the shared secret (standardwebhooks),
 * v1a with the public key from the registry's JWKS (node:crypto); one byte changed, or a wrong secret,
 * and the platform refuses the message. Watches' messages go to the watch's URL under its own signing.
 * The Node loop delivers a new event within seconds, with no one calling the jobs.
 */
let h: Harness;
let admin: string;
let regulator: string;
const platforms: Platform[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  h = await createHarness({ clock: systemClock, env: { SYNC_RETRY_SCHEDULE: '0s,50ms,100ms', SYNC_DELIVERY_TIMEOUT_MS: '500' } });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  await produceEvents(h, regulator, 3);
});
afterEach(async () => {
  for (const id of endpoints.splice(0)) await setStatus(h, admin, id, 'paused');
  for (const p of platforms.splice(0)) await p.close();
});
afterAll(async () => {
  await h.close();
});

async function deliveryJwks(): Promise<JsonWebKey[]> {
  const res = await h.request('GET', '/.well-known/jwks.json');
  expect(res.status, show(res)).toBe(200);
  return res.body.keys.filter((k: { kty: string; crv?: string }) => k.kty === 'OKP' && k.crv === 'Ed25519');
}

async function platform(options: Parameters<typeof startPlatform>[0]) {
  const p = await startPlatform(options);
  platforms.push(p);
  return p;
}

const run = (done: () => boolean | Promise<boolean>) => pump(h.db, systemClock, h.deps.sync, done, () => 'deliveries to finish');

/** Sends a request the platform received again, with its body changed by `edit`. */
async function resend(p: Platform, index: number, edit: (body: string) => string) {
  const original = p.received[index]!;
  const res = await fetch(p.url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'webhook-id': original.webhookId,
      'webhook-timestamp': original.timestamp,
      'webhook-signature': original.signature,
    },
    body: edit(original.body),
  });
  await res.text();
  return res.status;
}

describe('signatures the platform verifies itself', () => {
  it('v1a: Ed25519 with the delivery key, verified with the public key from the JWKS; a changed byte is refused', async () => {
    const p = await platform({ publicJwks: await deliveryJwks() });
    const id = await registerEndpoint(h, admin, { url: p.url });
    endpoints.push(id);
    await run(() => allDelivered(h.db, id));
    expect(p.received.length).toBeGreaterThan(0);
    expect(
      p.received.every((r) => r.verified && r.signature.startsWith('v1a,')),
      JSON.stringify(p.received),
    ).toBe(true);
    await expectAppliedOnce(h.db, p);

    const applied = p.applied.length;
    expect(await resend(p, 0, (body) => body.replace('"credit.feed.batch"', '"credit.feed.batcH"'))).toBe(401);
    expect(await resend(p, 0, (body) => `${body} `)).toBe(401);
    expect(p.received.at(-1)!.refusal).toMatch(/^v1a: no signature verifies/);
    expect(await resend(p, 0, (body) => body), 'the unchanged message is accepted (and not applied again)').toBe(200);
    expect(p.applied.length).toBe(applied);
    // A platform trusting another key refuses the registry's messages.
    const stranger = await platform({ publicJwks: [generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' })] });
    expect(stranger.check(headersOf(p, 0), p.received[0]!.body)).toMatch(/^v1a: no signature verifies/);
    expect(p.check(headersOf(p, 0), p.received[0]!.body)).toBeNull();
  });

  it('v1: HMAC with the shared secret; a changed byte or a wrong secret is refused, and the batch ends as a dead letter', async () => {
    const secret = newSecret();
    const good = await platform({ secret });
    const goodId = await registerEndpoint(h, admin, { url: good.url, secret });
    endpoints.push(goodId);
    await run(() => allDelivered(h.db, goodId));
    expect(good.received.every((r) => r.verified && r.signature.startsWith('v1,'))).toBe(true);
    await expectAppliedOnce(h.db, good);
    expect(await resend(good, 0, (body) => body.replace(/"index":0/, '"index":1'))).toBe(401);
    expect(good.received.at(-1)!.refusal).toMatch(/^v1: No matching signature/);

    const wrong = await platform({ secret: newSecret() });
    const wrongId = await registerEndpoint(h, admin, { url: wrong.url, secret });
    endpoints.push(wrongId);
    const dead = async () =>
      (await h.db.selectFrom('sync.deliveries').select('status').where('endpoint_id', '=', wrongId).execute())[0]?.status === 'dead';
    await run(dead);
    expect(wrong.received).toHaveLength(3);
    expect(wrong.received.every((r) => !r.verified && r.answered === 401)).toBe(true);
    expect(wrong.applied).toEqual([]);
    const letters = await h.request('GET', `/api/v1/sync/deliveries?status=dead&endpoint=${wrongId}`, { token: admin });
    expect(letters.body.items, show(letters)).toMatchObject([{ status: 'dead', attempts: 3, lastStatus: 401 }]);
  });
});

function headersOf(p: Platform, index: number) {
  const r = p.received[index]!;
  return { 'webhook-id': r.webhookId, 'webhook-timestamp': r.timestamp, 'webhook-signature': r.signature };
}

describe('watches', () => {
  it("sends a watch's message to the watch's URL, signed with its secret or the delivery key; nothing while it is paused", async () => {
    const secret = newSecret();
    const withSecret = await platform({ secret });
    const withKey = await platform({ publicJwks: await deliveryJwks() });
    const now = new Date();
    const watch = (url: string, secretOf: string | null, status: 'active' | 'paused') => ({
      id: newId('watch'),
      owner_sub: 'platform:test',
      owner_role: 'platform',
      url,
      description: null,
      secret: secretOf,
      status,
      subject_count: 1,
      created_at: now,
      updated_at: now,
    });
    const watches = [watch(withSecret.url, secret, 'active'), watch(withKey.url, null, 'active'), watch(withKey.url, null, 'paused')];
    await h.db.insertInto('sync.watches').values(watches).execute();
    const messages = watches.map((w) => ({
      id: newId('delivery'),
      watch_id: w.id,
      seq: 1,
      event_count: 0,
      body: JSON.stringify({ type: 'credit.watch.test', timestamp: now.toISOString(), data: { watchId: w.id } }),
      next_attempt_at: now,
      created_at: now,
    }));
    await h.db.insertInto('sync.deliveries').values(messages).execute();

    await run(() => withSecret.applied.length === 1 && withKey.applied.length === 1);
    expect(withSecret.applied[0]!.webhookId).toBe(messages[0]!.id);
    expect(withKey.applied.map((a) => a.webhookId)).toEqual([messages[1]!.id]);
    expect([...withSecret.received, ...withKey.received].every((r) => r.verified)).toBe(true);
    const paused = await h.request('GET', `/api/v1/sync/deliveries/${messages[2]!.id}`, { token: admin });
    expect(paused.body, show(paused)).toMatchObject({ status: 'pending', attempts: 0, watchId: watches[2]!.id });
    const listed = await h.request('GET', `/api/v1/sync/deliveries?watch=${watches[0]!.id}`, { token: admin });
    expect(listed.body.items, show(listed)).toMatchObject([{ id: messages[0]!.id, status: 'delivered' }]);
  });
});

describe('the Node sync loop', () => {
  it('delivers a new event within seconds of its commit, with no one calling the jobs', async () => {
    const secret = newSecret();
    const p = await platform({ secret });
    const tree = await h.db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
    endpoints.push(await registerEndpoint(h, admin, { url: p.url, secret, startAfter: Number(tree.tree_size) - 1 }));
    const loop = startSyncLoop(h.db, systemClock, h.deps.sync, { intervalMs: 100, onPass: () => {} });
    try {
      const subject = await createSubject(h, regulator);
      const committed = Date.now();
      await waitUntil(
        () => p.applied.some((a) => a.payload.data.events?.some((e) => (e as { entityId?: string }).entityId === subject.id)),
        () => JSON.stringify(p.received),
        5000,
      );
      expect(Date.now() - committed).toBeLessThan(5000);
    } finally {
      await loop.stop();
    }
    await expectAppliedOnce(h.db, p, (id) => p.eventCounts().has(id));
    expect(p.applied.length).toBeGreaterThan(0);
  });
});
