import { describe, expect, it } from 'vitest';
import { addWorkdays, expandDays, isWorkday, MissingCalendarYear, onOrNextWorkday, type WorkCalendar } from '../../src/lib/workdays.js';

// Domain §7, 2026: days off and make-up working days.
const calendar: WorkCalendar = {
  years: new Set([2026]),
  holidays: new Set(
    expandDays([
      '2026-01-01..2026-01-03',
      '2026-02-15..2026-02-23',
      '2026-04-04..2026-04-06',
      '2026-05-01..2026-05-05',
      '2026-06-19..2026-06-21',
      '2026-09-25..2026-09-27',
      '2026-10-01..2026-10-07',
    ]),
  ),
  workdays: new Set(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']),
};

describe('working days', () => {
  it('counts across the 2026 Spring Festival, with 2/14 and 2/28 worked', () => {
    expect(isWorkday(calendar, '2026-02-14')).toBe(true); // Saturday, make-up day
    expect(addWorkdays(calendar, '2026-02-12', 1)).toBe('2026-02-13');
    expect(addWorkdays(calendar, '2026-02-13', 1)).toBe('2026-02-14');
    expect(addWorkdays(calendar, '2026-02-13', 2)).toBe('2026-02-24');
    expect(addWorkdays(calendar, '2026-02-24', 4)).toBe('2026-02-28'); // 25, 26, 27, then Saturday 28 worked
    expect(addWorkdays(calendar, '2026-02-24', 5)).toBe('2026-03-02');
  });

  it('counts across 国庆, with 9/20 and 10/10 worked', () => {
    expect(addWorkdays(calendar, '2026-09-18', 1)).toBe('2026-09-20'); // Sunday 9/20 worked
    expect(addWorkdays(calendar, '2026-09-24', 1)).toBe('2026-09-28');
    expect(addWorkdays(calendar, '2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkdays(calendar, '2026-10-09', 1)).toBe('2026-10-10'); // Saturday 10/10 worked
    expect(addWorkdays(calendar, '2026-09-28', 5)).toBe('2026-10-10');
  });

  it('moves a deadline falling on a rest day to the next working day', () => {
    expect(onOrNextWorkday(calendar, '2026-02-15')).toBe('2026-02-24');
    expect(onOrNextWorkday(calendar, '2026-02-13')).toBe('2026-02-13');
  });

  it('names the year that has no table', () => {
    expect(() => addWorkdays(calendar, '2026-12-30', 3)).toThrow(MissingCalendarYear);
    expect(() => addWorkdays(calendar, '2026-12-30', 3)).toThrow('2027');
  });
});
