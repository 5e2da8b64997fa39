import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { syncPass } from '../../src/runtime/sync-loop.js';
import { cutBatches } from '../../src/sync/delivery/batches.js';
import { deliverDue } from '../../src/sync/delivery/worker.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import {
  allDelivered,
  expectAppliedOnce,
  expectInOrder,
  newSecret,
  produceEvents,
  pump,
  registerEndpoint,
  setStatus,
} from '../helpers/delivery.js';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { type Platform, startPlatform } from '../helpers/platform-server.js';

/**
 * Push delivery against a platform on loopback that fails, hangs past the timeout, answers slowly and
 * acknowledges twice: every event reaches it at least once and is applied exactly once, batches in
 * order; a batch that fails every attempt of the schedule is dead-lettered, listed, and replayed.
 * Three attempts (now, +50 ms, +100 ms) and a 500 ms timeout keep it quick.
 */
let h: Harness;
let admin: string;
let regulator: string;
const platforms: Platform[] = [];
const endpoints: string[] = [];

beforeAll(async () => {
  h = await createHarness({
    clock: systemClock,
    env: { SYNC_RETRY_SCHEDULE: '0s,50ms,100ms', SYNC_DELIVERY_TIMEOUT_MS: '500', SYNC_BATCH_MAX: '3' },
  });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
});
// Each test's endpoints are paused after it, so a closed platform does not keep failing in the next test.
afterEach(async () => {
  for (const id of endpoints.splice(0)) await setStatus(h, admin, id, 'paused');
  for (const p of platforms.splice(0)) await p.close();
});
afterAll(async () => {
  await h.close();
});

async function platformWithEndpoint(extra: Record<string, unknown> = {}) {
  const secret = newSecret();
  const platform = await startPlatform({ secret });
  platforms.push(platform);
  const id = await registerEndpoint(h, admin, { url: platform.url, secret, ...extra });
  endpoints.push(id);
  return { platform, id };
}

const run = (done: () => boolean | Promise<boolean>, what: () => string) => pump(h.db, systemClock, h.deps.sync, done, what);
const describePlatform = (p: Platform) => () =>
  JSON.stringify(p.received.map((r) => ({ id: r.webhookId.slice(-6), b: r.behaviour, a: r.answered, dup: r.duplicate })));

describe('at least once, applied once', () => {
  it('survives failures, a hang past the timeout, a slow answer and double acknowledgements', async () => {
    await produceEvents(h, regulator, 16);
    const { platform, id } = await platformWithEndpoint();
    // Six batches of three (the last one shorter); requests arrive one batch at a time, in seq order.
    platform.script(
      { kind: 'fail' },
      { kind: 'ok' },
      { kind: 'hang' },
      { kind: 'ok' },
      { kind: 'slow', ms: 200 },
      { kind: 'apply-then-fail' },
      { kind: 'ok' },
      { kind: 'apply-then-hang' },
      { kind: 'ok' },
      { kind: 'fail', status: 503 },
      { kind: 'apply-then-fail', status: 502 },
      { kind: 'ok' },
    );
    await run(() => allDelivered(h.db, id), describePlatform(platform));

    await expectAppliedOnce(h.db, platform);
    expectInOrder(platform);
    expect(platform.appliedSeqs()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      platform.received.every((r) => r.verified),
      describePlatform(platform)(),
    ).toBe(true);
    expect(
      platform.received.filter((r) => r.duplicate),
      'acknowledged twice: applied, then sent again',
    ).toHaveLength(3);
    expect(platform.overlaps, 'a message in flight twice at once').toEqual([]);

    // Retries carry the same webhook-id and the same bytes; each attempt is recorded with its outcome.
    const byId = new Map<string, typeof platform.received>();
    for (const r of platform.received) byId.set(r.webhookId, [...(byId.get(r.webhookId) ?? []), r]);
    const retried = [...byId.values()].filter((tries) => tries.length > 1);
    expect(retried.length, describePlatform(platform)()).toBeGreaterThanOrEqual(5);
    for (const tries of retried) expect(new Set(tries.map((t) => t.body)).size).toBe(1);
    const hung = platform.received.find((r) => r.behaviour === 'hang')!;
    const detail = await h.request('GET', `/api/v1/sync/deliveries/${hung.webhookId}`, { token: admin });
    expect(detail.status, show(detail)).toBe(200);
    expect(detail.body).toMatchObject({ status: 'delivered', attempts: 2, lastStatus: 200, lastError: null, endpointId: id });
    expect(detail.body.history).toMatchObject([
      { attempt: 1, status: null, error: 'no answer within 500 ms' },
      { attempt: 2, status: 200, error: null },
    ]);
    expect(detail.body.history[0].durationMs).toBeGreaterThanOrEqual(450);
    expect(detail.body.body).toBe(hung.body);
    expect(JSON.parse(hung.body)).toMatchObject({ type: 'credit.feed.batch', data: { endpointId: id } });
  });

  it('one hanging endpoint does not hold up another', async () => {
    await produceEvents(h, regulator, 1);
    const stuck = await platformWithEndpoint();
    stuck.platform.script({ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' });
    const healthy = await platformWithEndpoint();
    await sequenceFeed(h.db, systemClock, h.deps.sync.feedSigner);
    await cutBatches(h.db, systemClock, h.deps.sync);
    const hold = stuck.platform.nextHold();
    const pass = deliverDue(h.db, systemClock, h.deps.sync);
    await hold;
    const heldAt = stuck.platform.received[0]!.at;
    await pass;
    const first = healthy.platform.received[0];
    expect(first, 'the healthy endpoint got nothing while the other hung').toBeDefined();
    expect(first!.at - heldAt, 'the healthy endpoint waited for the hanging one').toBeLessThan(400);
    await expectAppliedOnce(h.db, healthy.platform);
  });
});

describe('dead letters', () => {
  it('dead-letters a batch after the last attempt of the schedule, holds the later ones, and replays it under the same id', async () => {
    const { platform, id } = await platformWithEndpoint();
    platform.script({ kind: 'fail' }, { kind: 'fail' }, { kind: 'fail' });
    await produceEvents(h, regulator, 2);
    const dead = async () =>
      (await h.request('GET', `/api/v1/sync/deliveries?status=dead&endpoint=${id}`, { token: admin })).body.items.length === 1;
    await run(dead, describePlatform(platform));

    const listed = await h.request('GET', `/api/v1/sync/deliveries?status=dead&endpoint=${id}`, { token: admin });
    const letter = listed.body.items[0];
    expect(letter, show(listed)).toMatchObject({ seq: 1, status: 'dead', attempts: 3, lastStatus: 500, nextAttemptAt: null });
    expect(letter.deadAt).not.toBeNull();
    const detail = await h.request('GET', `/api/v1/sync/deliveries/${letter.id}`, { token: admin });
    const times = detail.body.history.map((a: { at: string }) => Date.parse(a.at));
    expect(
      detail.body.history.map((a: { status: number }) => a.status),
      show(detail),
    ).toEqual([500, 500, 500]);
    expect(times[1] - times[0], 'the second attempt waits about 50 ms').toBeGreaterThanOrEqual(44);
    expect(times[2] - times[1], 'the third attempt waits about 100 ms').toBeGreaterThanOrEqual(89);
    // Only the dead batch was ever sent: the later ones wait behind it.
    expect(new Set(platform.received.map((r) => r.webhookId))).toEqual(new Set([letter.id]));
    const waiting = await h.request('GET', `/api/v1/sync/deliveries?status=pending&endpoint=${id}`, { token: admin });
    expect(waiting.body.items.length, show(waiting)).toBeGreaterThan(0);

    const notDead = await h.request('POST', `/api/v1/sync/deliveries/${waiting.body.items[0].id}/replay`, { token: admin });
    expect(notDead.status, show(notDead)).toBe(409);
    expect((await h.request('POST', '/api/v1/sync/deliveries/msg_nope/replay', { token: admin })).status).toBe(404);

    const replayed = await h.request('POST', `/api/v1/sync/deliveries/${letter.id}/replay`, { token: admin });
    expect(replayed.status, show(replayed)).toBe(200);
    expect(replayed.body).toMatchObject({ id: letter.id, status: 'pending', attempts: 0, deadAt: null });
    await run(() => allDelivered(h.db, id), describePlatform(platform));
    await expectAppliedOnce(h.db, platform);
    expectInOrder(platform);
    const resent = platform.received.filter((r) => r.webhookId === letter.id);
    expect(resent).toHaveLength(4);
    expect(new Set(resent.map((r) => r.body)).size, 'the replay sends the same bytes').toBe(1);
    const after = await h.request('GET', `/api/v1/sync/deliveries/${letter.id}`, { token: admin });
    expect(after.body.history.map((a: { attempt: number; status: number }) => [a.attempt, a.status])).toEqual([
      [1, 500],
      [2, 500],
      [3, 500],
      [4, 200],
    ]);
    const audit = await h.db.selectFrom('audit.entries').select('action').where('entity_id', '=', letter.id).execute();
    expect(audit.map((a) => a.action)).toEqual(['sync.delivery_replay']);
  });
});

describe('what an endpoint receives', () => {
  it('gets only the event types it asked for, nothing while paused, and what it missed once resumed', async () => {
    const { platform, id } = await platformWithEndpoint({ events: ['record.created'] });
    const subject = await createSubject(h, regulator);
    await passes(2);
    const endpoint = await h.request('GET', `/api/v1/sync/endpoints/${id}`, { token: admin });
    expect(endpoint.body.cursor, 'the cursor moves past events filtered out').toBeGreaterThan(0);
    expect(platform.received, 'no record.created yet').toEqual([]);

    await setStatus(h, admin, id, 'paused');
    const record = await createRecord(h, regulator, subject.uscc);
    await passes(2);
    expect(platform.received, 'a paused endpoint gets nothing').toEqual([]);

    await setStatus(h, admin, id, 'active');
    await run(() => platform.applied.length > 0, describePlatform(platform));
    const created = await h.db.selectFrom('sync.events').select(['id', 'entity_id']).where('type', '=', 'record.created').execute();
    await expectAppliedOnce(h.db, platform, (eventId) => created.some((e) => e.id === eventId));
    const sent = platform.applied.flatMap((a) => a.payload.data.events!.map((e) => e.id));
    expect(sent).toContain(created.find((e) => e.entity_id === record.id)!.id);
  });
});

async function passes(n: number) {
  for (let i = 0; i < n; i++) expect((await syncPass(h.db, systemClock, h.deps.sync)).errors).toEqual([]);
}
