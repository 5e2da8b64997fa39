import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyScope } from '../../src/http/idempotency.js';
import { sha256Hex } from '../../src/lib/canonical.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Issue 9 #26: a request killed mid-flight must not leave its Idempotency-Key at 409 for ever. The
 * crash is planted as it leaves the table: the key claimed, no answer, the process gone. The lease is
 * IDEMPOTENCY_LEASE_SECONDS (120 by default); the injected clock stands before and after it.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulator: string;
beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'regulator:lease' });
});
afterAll(async () => {
  await h.close();
});

/** What a request that died after claiming its key leaves behind. */
async function plantCrashedClaim(key: string, body: object, claimedAt: Date) {
  await h.db
    .insertInto('public.idempotency_keys')
    .values({
      actor: keyScope({ role: 'regulator', sub: 'regulator:lease', dept: DEPT_A }),
      key,
      method: 'POST',
      path: '/api/v1/subjects',
      body_hash: await sha256Hex(JSON.stringify(body)),
      status: null,
      response: null,
      claim: 'the-request-that-died',
      lease_until: new Date(claimedAt.getTime() + 120_000),
    })
    .execute();
}

const create = (body: object, key: string) =>
  h.request('POST', '/api/v1/subjects', { token: regulator, body, headers: { 'Idempotency-Key': key } });

describe('an Idempotency-Key left by a crashed request', () => {
  it('is 409 while its lease runs, then runs again and keeps the new answer', async () => {
    clock.set('2026-11-20T04:00:00Z');
    const body = subjectBody();
    await plantCrashedClaim('crash-1', body, clock.now());

    clock.set('2026-11-20T04:01:59Z'); // 119 s after the claim: the lease (120 s) still runs
    const early = await create(body, 'crash-1');
    expect(early.status, show(early)).toBe(409);
    expect(early.body.detail).toContain('retry after 2026-11-20T04:02:00.000Z');

    clock.set('2026-11-20T04:02:01Z'); // 121 s: lapsed
    const retried = await create(body, 'crash-1');
    expect(retried.status, show(retried)).toBe(201);
    expect(retried.headers.get('idempotency-replayed')).toBeNull();

    const again = await create(body, 'crash-1');
    expect(again.status, show(again)).toBe(201);
    expect(again.headers.get('idempotency-replayed')).toBe('true');
    expect(again.body).toEqual(retried.body);
  });

  it('still refuses another body under the key after the lease has lapsed', async () => {
    clock.set('2026-11-20T05:00:00Z');
    await plantCrashedClaim('crash-2', subjectBody(), clock.now());
    clock.set('2026-11-20T06:00:00Z');
    const res = await create(subjectBody(), 'crash-2');
    expect(res.status, show(res)).toBe(409);
    expect(res.body.detail).toContain('different request');
  });

  it('leaves a finished answer alone: a replay long after still gets it', async () => {
    clock.set('2026-11-20T07:00:00Z');
    const body = subjectBody();
    const first = await create(body, 'done-1');
    expect(first.status, show(first)).toBe(201);
    clock.set('2026-11-21T07:00:00Z');
    const replay = await create(body, 'done-1');
    expect(replay.headers.get('idempotency-replayed')).toBe('true');
    expect(replay.body).toEqual(first.body);
  });
});
