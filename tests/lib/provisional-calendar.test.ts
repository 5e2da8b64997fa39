import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/lib/dates.js';
import { provisionalTable } from '../../src/lib/provisional-calendar.js';
import { addWorkdays, expandDays, isWorkday, onOrNextWorkday, usesProvisional, type WorkCalendar } from '../../src/lib/workdays.js';

/** Domain §7's official rows, to measure the provisional rules against. */
const OFFICIAL = {
  2025: {
    off: expandDays([
      '2025-01-01',
      '2025-01-28..2025-02-04',
      '2025-04-04..2025-04-06',
      '2025-05-01..2025-05-05',
      '2025-05-31..2025-06-02',
      '2025-10-01..2025-10-08',
    ]),
    makeUp: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11'],
  },
  2026: {
    off: expandDays([
      '2026-01-01..2026-01-03',
      '2026-02-15..2026-02-23',
      '2026-04-04..2026-04-06',
      '2026-05-01..2026-05-05',
      '2026-06-19..2026-06-21',
      '2026-09-25..2026-09-27',
      '2026-10-01..2026-10-07',
    ]),
    makeUp: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10'],
  },
};

const officialOnly = (year: 2025 | 2026): WorkCalendar => ({
  years: new Set([year]),
  holidays: new Set(OFFICIAL[year].off),
  workdays: new Set(OFFICIAL[year].makeUp),
});
const provisionalOnly: WorkCalendar = {
  years: new Set(),
  holidays: new Set(),
  workdays: new Set(),
  provisional: (y) => new Set(provisionalTable(y).holidays),
};
const daysOf = (year: number) => {
  const days: string[] = [];
  for (let d = `${year}-01-01`; d <= `${year}-12-31`; d = addDays(d, 1)) days.push(d);
  return days;
};

describe('the provisional table built from the rules (domain §7)', () => {
  it.each([2025, 2026] as const)('rests on every day the official %i table rests, and differs from it only on its make-up days', (year) => {
    const official = officialOnly(year);
    const provisional = provisionalOnly;
    const differ = daysOf(year).filter((d) => isWorkday(official, d) !== isWorkday(provisional, d));
    // The provisional table assumes no make-up working days; everything else comes out as announced.
    expect(differ).toEqual(OFFICIAL[year].makeUp);
    for (const d of differ) expect(isWorkday(provisional, d)).toBe(false);
  });

  it('builds 2027 from the lunar and solar-term dates (除夕 2/5, 清明 4/5, 端午 6/9, 中秋 9/15)', () => {
    expect(provisionalTable(2027).holidays).toEqual(
      expandDays([
        '2027-01-01..2027-01-03', // 元旦, a Friday, with its weekend
        '2027-02-05..2027-02-12', // 春节: 8 days from 除夕 (Fri 2/5 … Fri 2/12); 初一/初二 on the weekend are made good inside it
        '2027-04-03..2027-04-05', // 清明, a Monday, with the weekend before
        '2027-05-01..2027-05-05', // 劳动节: 5 days from 5/1
        '2027-06-09', // 端午, a Wednesday: alone
        '2027-09-15', // 中秋, a Wednesday: alone
        '2027-10-01..2027-10-07', // 国庆: 7 days from 10/1
      ]),
    );
  });

  it('gives a weekday in lieu of a statutory day on a weekend (第六条), and bridges a Tuesday 元旦 across the year end', () => {
    // 2028-01-01 is a Saturday: Sat, Sun, and Monday 1/3 in lieu.
    expect(provisionalTable(2028).holidays.slice(0, 3)).toEqual(['2028-01-01', '2028-01-02', '2028-01-03']);
    // 中秋 2029 is Saturday 9/22: 9/22, 9/23 and Monday 9/24 in lieu.
    expect(provisionalTable(2029).holidays).toEqual(expect.arrayContaining(['2029-09-22', '2029-09-23', '2029-09-24']));
    expect(provisionalTable(2029).holidays).not.toContain('2029-09-25');
    // 2030-01-01 is a Tuesday: Sat 12/29 – Tue 1/1, so Monday 2029-12-31 is off, in 2029's table.
    expect(provisionalTable(2029).holidays.slice(-3)).toEqual(['2029-12-29', '2029-12-30', '2029-12-31']);
    expect(provisionalTable(2030).holidays[0]).toBe('2030-01-01');
  });

  it('counts across into a provisional year and says so', () => {
    const calendar: WorkCalendar = { ...officialOnly(2026), provisional: (y) => (y > 2026 ? new Set(provisionalTable(y).holidays) : null) };
    // 2026-12-31 (Thu) + 1 working day: 1/1–1/3 off (Fri–Sun) → Monday 2027-01-04.
    expect(addWorkdays(calendar, '2026-12-31', 1)).toBe('2027-01-04');
    expect(usesProvisional(calendar, '2027-01-01', '2027-01-04')).toBe(true);
    expect(usesProvisional(calendar, '2026-12-01', '2026-12-31')).toBe(false);
    // 2027-02-06 is 初一 (provisional): the next working day is Monday 2/15.
    expect(onOrNextWorkday(calendar, '2027-02-06')).toBe('2027-02-15');
  });
});
