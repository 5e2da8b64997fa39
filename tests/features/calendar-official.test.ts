import { HolidayUtil } from 'lunar-javascript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandDays } from '../../src/lib/workdays.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The official tables come from lunar-javascript's HolidayUtil (pinned 1.7.7), not typed by hand:
 * the library is checked against domain §7's 2025/2026 rows, and migration 0009's 2017–2024 rows are
 * checked against the library day for day.
 */
let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const library = (year: number) => {
  const days = HolidayUtil.getHolidays(year);
  return {
    holidays: days
      .filter((d) => !d.isWork())
      .map((d) => d.getDay())
      .sort(),
    workdays: days
      .filter((d) => d.isWork())
      .map((d) => d.getDay())
      .sort(),
  };
};

describe('the official working-day tables', () => {
  it("agrees with domain §7's 2025 and 2026 rows (the library is trusted only after this)", () => {
    expect(library(2025)).toEqual({
      holidays: expandDays([
        '2025-01-01',
        '2025-01-28..2025-02-04',
        '2025-04-04..2025-04-06',
        '2025-05-01..2025-05-05',
        '2025-05-31..2025-06-02',
        '2025-10-01..2025-10-08',
      ]),
      workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
    });
    expect(library(2026)).toEqual({
      holidays: expandDays([
        '2026-01-01..2026-01-03',
        '2026-02-15..2026-02-23',
        '2026-04-04..2026-04-06',
        '2026-05-01..2026-05-05',
        '2026-06-19..2026-06-21',
        '2026-09-25..2026-09-27',
        '2026-10-01..2026-10-07',
      ]),
      workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
    });
  });

  it.each([2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024])('holds %i as the library ships it, marked official', async (year) => {
    const res = await h.request('GET', `/api/v1/calendar/${year}`);
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ year, status: 'official', ...library(year) });
    expect(res.body.loadedAt).toEqual(expect.any(String));
  });

  it('counts old deadlines on them: 2020 with the Spring Festival extended to 2/2', async () => {
    // 2020-01-23 (Thu) + 1 working day: 1/24–2/2 off → Monday 2020-02-03.
    expect((await h.request('GET', '/api/v1/calendar/add?from=2020-01-23&workdays=1')).body).toEqual({
      date: '2020-02-03',
      provisional: false,
    });
    // 2019-09-27 (Fri) + 1: Sunday 9/29 was a make-up working day.
    expect((await h.request('GET', '/api/v1/calendar/add?from=2019-09-27&workdays=1')).body).toEqual({
      date: '2019-09-29',
      provisional: false,
    });
  });

  it('shows a year without an official table as provisional, and none before the first one', async () => {
    const res = await h.request('GET', '/api/v1/calendar/2027');
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ year: 2027, status: 'provisional', workdays: [], loadedAt: null });
    expect(res.body.holidays).toContain('2027-02-05'); // 除夕
    const before = await h.request('GET', '/api/v1/calendar/2016');
    expect(before.status, show(before)).toBe(404);
    expect(before.body.detail).toContain('2016');
  });
});
