/**
 * The part of lunar-javascript (6tail, MIT) the registry uses: lunar dates and solar terms for the
 * provisional working-day tables, and HolidayUtil's official tables (checked in tests). The package
 * ships no types of its own.
 */
declare module 'lunar-javascript' {
  export class Solar {
    static fromYmd(year: number, month: number, day: number): Solar;
    toYmd(): string;
    next(days: number): Solar;
    getLunar(): Lunar;
  }
  export class Lunar {
    /** A lunar date (not a leap month). */
    static fromYmd(year: number, month: number, day: number): Lunar;
    getSolar(): Solar;
    /** The solar terms around this lunar year, by Chinese name (清明 …). */
    getJieQiTable(): Record<string, Solar>;
  }
  export interface Holiday {
    getDay(): string;
    getName(): string;
    /** true for a make-up working day (调休上班), false for a day off. */
    isWork(): boolean;
    getTarget(): string;
  }
  export const HolidayUtil: {
    /** The official days off and make-up working days whose date falls in this year. */
    getHolidays(year: number): Holiday[];
  };
}
