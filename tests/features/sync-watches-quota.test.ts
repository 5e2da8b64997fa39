import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCH_QUOTAS } from '../../src/features/platform/watch-quota.js';
import { newId } from '../../src/lib/ids.js';
import { completeUscc } from '../../src/lib/uscc.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * How much one owner may watch: an applicant at most 20 watches and 200,000 codes across them, the
 * platform 100 and 2,000,000. What an owner already holds is written straight into the table (with
 * its counts; the quota reads those), so the bound is reached without sending 200,000 codes.
 */
let h: Harness;
const code = (i: number) => completeUscc('91210104', `QT${String(i).padStart(6, '0')}`);

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

/** Watches the owner holds already, each with `codes` codes counted. */
async function holds(ownerSub: string, role: 'applicant' | 'platform', watches: number, codes = 1) {
  const now = h.clock.now();
  const rows = Array.from({ length: watches }, () => ({
    id: newId('watch', now),
    owner_sub: ownerSub,
    owner_role: role,
    url: 'https://hooks.example.com/held',
    description: null,
    secret: null,
    status: 'active' as const,
    cursor: -1,
    subject_count: codes,
    created_at: now,
    updated_at: now,
  }));
  await h.db.insertInto('sync.watches').values(rows).execute();
}

const create = (token: string, usccs: string[]) =>
  h.request('POST', '/api/v1/sync/watches', { token, body: { url: 'https://hooks.example.com/w', usccs } });

describe('an owner’s watches', () => {
  it('are at most 20 for an applicant: the 21st is refused with 422 naming the limit', async () => {
    const token = await h.tokens.sign('applicant', { sub: 'quota-count' });
    await holds('quota-count', 'applicant', WATCH_QUOTAS.applicant.watches - 1);
    const twentieth = await create(token, [code(1)]);
    expect(twentieth.status, show(twentieth)).toBe(201);
    const more = await create(token, [code(2)]);
    expect(more.status, show(more)).toBe(422);
    expect(more.headers.get('content-type')).toContain('application/problem+json');
    expect(more.body, show(more)).toMatchObject({ code: 'RULE_VIOLATED', limit: 'watchesPerOwner', max: 20, held: 20 });
    expect(more.body.detail).toContain('at most 20 watches');
    // Another applicant is not held back by this one's watches.
    const other = await create(await h.tokens.sign('applicant', { sub: 'quota-other' }), [code(3)]);
    expect(other.status, show(other)).toBe(201);
    // Removing one makes room.
    const removed = await h.request('DELETE', `/api/v1/sync/watches/${twentieth.body.id}`, { token });
    expect(removed.status, show(removed)).toBe(200);
    expect((await create(token, [code(2)])).status).toBe(201);
  });

  it('hold at most 200,000 codes in all for an applicant, on creating and on adding (413)', async () => {
    const token = await h.tokens.sign('applicant', { sub: 'quota-codes' });
    await holds('quota-codes', 'applicant', 2, 99_999);
    const tooMany = await create(token, [code(10), code(11), code(12)]);
    expect(tooMany.status, show(tooMany)).toBe(413);
    expect(tooMany.body, show(tooMany)).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'codesPerOwner', max: 200_000, held: 199_998 });
    expect(tooMany.body.detail).toContain('200,000');

    const fits = await create(token, [code(10), code(11)]);
    expect(fits.status, show(fits)).toBe(201);
    const add = (usccs: string[]) => h.request('POST', `/api/v1/sync/watches/${fits.body.id}/subjects`, { token, body: { usccs } });
    // Codes already watched are not new: they fit.
    const again = await add([code(10)]);
    expect(again.body, show(again)).toMatchObject({ added: 0, watch: { subjectCount: 2 } });
    const over = await add([code(12)]);
    expect(over.status, show(over)).toBe(413);
    expect(over.body).toMatchObject({ limit: 'codesPerOwner', held: 200_000 });
    const kept = await h.request('GET', `/api/v1/sync/watches/${fits.body.id}`, { token });
    expect(kept.body.usccs.items, 'nothing of a refused addition is kept').toEqual([code(10), code(11)].sort());
  });

  it('are up to 100, with 2,000,000 codes, for the platform', async () => {
    const token = await h.tokens.sign('platform', { sub: 'platform:quota' });
    await holds('platform:quota', 'platform', 60, 30_000);
    const res = await create(token, [code(20)]);
    expect(res.status, `61 watches and 1,800,001 codes: ${show(res)}`).toBe(201);
    await holds('platform:quota', 'platform', 39, 0);
    const over = await create(token, [code(21)]);
    expect(over.status, show(over)).toBe(422);
    expect(over.body).toMatchObject({ max: 100, held: 100 });
  });
});
