import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness } from '../helpers/harness.js';

/** Issue 9 #24: twenty clerks correct one record at once; each loser learns it lost (409), none is told "not found". */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

describe('racing corrections of one record', () => {
  it('applies some, answers every other one 409 with the current revision, never 404 or 500', async () => {
    const dept = await h.tokens.sign('regulator', { dept: DEPT_A });
    const { uscc } = await createSubject(h, dept);
    const record = await createRecord(h, dept, uscc, { decidedOn: '2026-06-01' });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.request('POST', `/api/v1/records/${record.id}/corrections`, {
          token: dept,
          body: { facts: `更正事实 ${i}`, reason: `更正 ${i}` },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(
      statuses.filter((s) => s !== 201 && s !== 409),
      statuses.join(','),
    ).toEqual([]);
    const won = results.filter((r) => r.status === 201).length;
    expect(won).toBeGreaterThanOrEqual(1);
    for (const lost of results.filter((r) => r.status === 409)) expect(lost.body.currentRevision).toBeGreaterThan(1);
    const revisions = await h.db.selectFrom('credit.records').select('revision').where('id', '=', record.id).execute();
    expect(revisions).toHaveLength(1 + won);
  });
});
