import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WATCH_QUOTAS } from '../../src/features/platform/watch-quota.js';
import { newId } from '../../src/lib/ids.js';
import { completeUscc } from '../../src/lib/uscc.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The per-owner watch quota on the real server, with requests of one owner arriving together: the
 * owner's advisory lock makes them check one after the other, so the quota holds exactly.
 */
let h: Harness;
const code = (i: number) => completeUscc('91210105', `QR${String(i).padStart(6, '0')}`);

beforeAll(async () => {
  h = await createHarness();
});
afterAll(() => h.close());

async function holds(ownerSub: string, watches: number, codes: number) {
  const now = h.clock.now();
  const rows = Array.from({ length: watches }, () => ({
    id: newId('watch', now),
    owner_sub: ownerSub,
    owner_role: 'applicant',
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

const created = (token: string, i: number) =>
  h.request('POST', '/api/v1/sync/watches', { token, body: { url: 'https://hooks.example.com/w', usccs: [code(i)] } });

describe('one owner creating watches at once', () => {
  it('gets no more than its quota of watches', async () => {
    const token = await h.tokens.sign('applicant', { sub: 'race-count' });
    await holds('race-count', WATCH_QUOTAS.applicant.watches - 3, 1);
    const answers = await Promise.all(Array.from({ length: 8 }, (_, i) => created(token, i)));
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses, answers.map(show).join('\n')).toEqual([201, 201, 201, 422, 422, 422, 422, 422]);
    const count = await h.db.selectFrom('sync.watches').select('id').where('owner_sub', '=', 'race-count').execute();
    expect(count).toHaveLength(WATCH_QUOTAS.applicant.watches);
  });

  it('gets no more than its quota of codes, creating and adding together', async () => {
    const token = await h.tokens.sign('applicant', { sub: 'race-codes' });
    const first = await created(token, 100);
    expect(first.status, show(first)).toBe(201);
    // One code of room left.
    await holds('race-codes', 2, (WATCH_QUOTAS.applicant.codes - 2) / 2);
    const answers = await Promise.all([
      ...Array.from({ length: 3 }, (_, i) => created(token, 200 + i)),
      ...Array.from({ length: 3 }, (_, i) =>
        h.request('POST', `/api/v1/sync/watches/${first.body.id}/subjects`, { token, body: { usccs: [code(300 + i)] } }),
      ),
    ]);
    const passed = answers.filter((r) => r.status === 200 || r.status === 201);
    expect(passed, answers.map(show).join('\n')).toHaveLength(1);
    expect(answers.filter((r) => r.status === 413)).toHaveLength(5);
    const held = await h.db
      .selectFrom('sync.watches')
      .select((eb) => eb.fn.sum<string>('subject_count').as('codes'))
      .where('owner_sub', '=', 'race-codes')
      .executeTakeFirstOrThrow();
    expect(Number(held.codes)).toBe(WATCH_QUOTAS.applicant.codes);
  });
});
