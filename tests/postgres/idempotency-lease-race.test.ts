import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyScope } from '../../src/http/idempotency.js';
import { sha256Hex } from '../../src/lib/canonical.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Issue 9 #26 on a real PostgreSQL: when several retries race for a key whose holder died, exactly one
 * takes the key over and runs; the others are told it is in flight, or get its answer.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness({ clock });
  token = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'regulator:race' });
});
afterAll(async () => {
  await h.close();
});

describe('retries racing for a lapsed Idempotency-Key', () => {
  it('run the request once', async () => {
    clock.set('2026-11-20T04:00:00Z');
    const body = subjectBody();
    await h.db
      .insertInto('public.idempotency_keys')
      .values({
        actor: keyScope({ role: 'regulator', sub: 'regulator:race', dept: DEPT_A }),
        key: 'race-after-crash',
        method: 'POST',
        path: '/api/v1/subjects',
        body_hash: await sha256Hex(JSON.stringify(body)),
        status: null,
        response: null,
        claim: 'the-request-that-died',
        lease_until: new Date('2026-11-20T04:02:00Z'),
      })
      .execute();
    clock.set('2026-11-20T04:05:00Z');
    const headers = { 'Idempotency-Key': 'race-after-crash' };
    const results = await Promise.all(Array.from({ length: 10 }, () => h.request('POST', '/api/v1/subjects', { token, body, headers })));
    const ran = results.filter((r) => r.status === 201 && r.headers.get('idempotency-replayed') === null);
    expect(ran, results.map(show).join('\n')).toHaveLength(1);
    for (const other of results.filter((r) => !ran.includes(r))) {
      if (other.status === 201) expect(other.body).toEqual(ran[0]!.body);
      else expect(other.status, show(other)).toBe(409);
    }
    const subjects = await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', body.uscc).execute();
    expect(subjects).toHaveLength(1);
  });
});
