import { describe, expect, it } from 'vitest';
import { addDays, addMonths, addYears, daysBetween, isIsoDate } from '../../src/lib/dates.js';

describe('period arithmetic (domain §2b)', () => {
  it('ends a period of months on the same day number, or the last day of a shorter month', () => {
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addMonths('2027-11-30', 3)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-06-01', 3)).toBe('2026-09-01');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
  });

  it('ends a period of years on the same day, 29 February becoming 28 February', () => {
    expect(addYears('2026-06-01', 1)).toBe('2027-06-01');
    expect(addYears('2028-02-29', 1)).toBe('2029-02-28');
    expect(addYears('2026-05-10', 3)).toBe('2029-05-10');
  });

  it('counts days without the starting day, across month and year ends', () => {
    expect(addDays('2026-01-05', 30)).toBe('2026-02-04');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-05', '2026-02-04')).toBe(30);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  it('knows a calendar date from a look-alike', () => {
    expect(isIsoDate('2026-02-28')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('2026-2-1')).toBe(false);
  });
});
