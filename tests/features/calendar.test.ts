import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const add = (from: string, workdays: number) => h.request('GET', `/api/v1/calendar/add?from=${from}&workdays=${workdays}`);

describe('the working-day calendar loaded with the schema', () => {
  it('counts across the 2026 Spring Festival and 国庆 with their make-up days', async () => {
    expect((await add('2026-02-13', 1)).body).toEqual({ provisional: false, date: '2026-02-14' });
    expect((await add('2026-02-13', 2)).body).toEqual({ provisional: false, date: '2026-02-24' });
    expect((await add('2026-02-24', 4)).body).toEqual({ provisional: false, date: '2026-02-28' });
    expect((await add('2026-09-18', 1)).body).toEqual({ provisional: false, date: '2026-09-20' });
    expect((await add('2026-09-30', 1)).body).toEqual({ provisional: false, date: '2026-10-08' });
    expect((await add('2026-10-09', 1)).body).toEqual({ provisional: false, date: '2026-10-10' });
  });

  it('counts across 2025 holidays too', async () => {
    expect((await add('2025-01-27', 1)).body).toEqual({ provisional: false, date: '2025-02-05' });
    expect((await add('2025-02-07', 1)).body).toEqual({ provisional: false, date: '2025-02-08' }); // Saturday 2/8 worked
  });

  it('answers 422 naming a year before the first table; a later year without one is provisional until an admin loads it', async () => {
    // Issue 9 #10: 2027 no longer stops deadlines (this test expected a 422 for it before); 2016, before
    // the first official table (2017), has neither table and still names the year.
    const before = await add('2016-12-28', 1);
    expect(before.status, show(before)).toBe(422);
    expect(before.body.detail).toContain('2016');
    expect(before.body.year).toBe(2016);
    // 12/30, 12/31, (1/1–1/3 provisional 元旦 block, Fri–Sun), 1/4 (Mon), 1/5, 1/6
    expect((await add('2026-12-29', 5)).body).toEqual({ provisional: true, date: '2027-01-06' });

    const body = { holidays: ['2027-01-01'], workdays: [] };
    expect(
      (await h.request('PUT', '/api/v1/calendar/2027', { token: await h.tokens.sign('regulator', { dept: '11210100QY80000166' }), body }))
        .status,
    ).toBe(403);
    const put = await h.request('PUT', '/api/v1/calendar/2027', { token: await h.tokens.sign('admin'), body });
    expect(put.status, show(put)).toBe(200);
    // 12/30, 12/31, (1/1 holiday), 1/4 (Mon), 1/5, 1/6
    expect((await add('2026-12-29', 5)).body).toEqual({ provisional: false, date: '2027-01-06' });
  });

  it('refuses days outside the year and a day listed twice', async () => {
    const admin = await h.tokens.sign('admin');
    const wrongYear = await h.request('PUT', '/api/v1/calendar/2028', { token: admin, body: { holidays: ['2027-10-01'], workdays: [] } });
    expect(wrongYear.status).toBe(400);
    const both = await h.request('PUT', '/api/v1/calendar/2028', {
      token: admin,
      body: { holidays: ['2028-10-01'], workdays: ['2028-10-01'] },
    });
    expect(both.status).toBe(400);
    expect((await add('2016-12-29', 1)).status).toBe(422);
  });
});
