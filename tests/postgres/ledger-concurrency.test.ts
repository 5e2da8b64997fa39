import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let finance: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:race' });
});
afterAll(async () => {
  await h.close();
});

describe('concurrent payments', () => {
  it('posts 50 racing payments exactly up to the debt, never beyond', async () => {
    const c = await newContract(h, finance);
    await event(h, finance, c.id, { type: 'delivery', on: '2026-03-02', amountFen: 1_000_000 });
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) => postTo(h, finance, c.id, { type: 'payment', amountFen: 40_000, on: '2026-06-01' }, `race-${i}`)),
    );
    const ok = results.filter((r) => r.status === 201);
    const refused = results.filter((r) => r.status === 409);
    expect(
      ok.length,
      results
        .filter((r) => r.status !== 201 && r.status !== 409)
        .map(show)
        .join('\n'),
    ).toBe(25);
    expect(refused).toHaveLength(25);
    const detail = (await h.request('GET', `/api/v1/arrears/contracts/${c.id}`, { token: finance })).body;
    expect(detail.outstandingFen).toBe('0');
    expect(detail.obligations[0].paidFen).toBe('1000000');
  });
});
