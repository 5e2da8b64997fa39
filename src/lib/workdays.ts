import { addDays, type IsoDate } from './dates.js';

/**
 * Working days (工作日, domain §7): Monday to Friday, minus public holidays, plus make-up working days
 * (调休). The calendar is data, one official table per year. A year without one is counted on its
 * provisional table when the calendar has one for it (domain §7: built from the rules, with no make-up
 * days), and otherwise is an error naming that year, never a guess.
 */
export type WorkCalendar = {
  years: Set<number>;
  holidays: Set<IsoDate>;
  workdays: Set<IsoDate>;
  /** The days off of a year with no official table, or null when there is none for it either. */
  provisional?: (year: number) => ReadonlySet<IsoDate> | null;
};

export class MissingCalendarYear extends Error {
  constructor(readonly year: number) {
    super(`no working-day calendar is loaded for ${year}`);
  }
}

export function isWorkday(calendar: WorkCalendar, day: IsoDate): boolean {
  const year = Number(day.slice(0, 4));
  if (!calendar.years.has(year)) {
    const provisional = calendar.provisional?.(year);
    if (!provisional) throw new MissingCalendarYear(year);
    if (provisional.has(day)) return false;
  } else {
    if (calendar.workdays.has(day)) return true;
    if (calendar.holidays.has(day)) return false;
  }
  const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
  return weekday !== 0 && weekday !== 6;
}

/** N working days after `from` (the starting day is not counted; domain §2b). */
export function addWorkdays(calendar: WorkCalendar, from: IsoDate, n: number): IsoDate {
  let day = from;
  let left = n;
  while (left > 0) {
    day = addDays(day, 1);
    if (isWorkday(calendar, day)) left -= 1;
  }
  return day;
}

/** The day itself when it is a working day, else the next one (a period in 日 ending on a rest day, 第203条). */
export function onOrNextWorkday(calendar: WorkCalendar, day: IsoDate): IsoDate {
  let d = day;
  while (!isWorkday(calendar, d)) d = addDays(d, 1);
  return d;
}

/** Whether counting over the days from..to (both included) used a provisional table. */
export function usesProvisional(calendar: WorkCalendar, from: IsoDate, to: IsoDate): boolean {
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year += 1) {
    if (!calendar.years.has(year) && calendar.provisional?.(year)) return true;
  }
  return false;
}

/** Expands 'YYYY-MM-DD' and 'YYYY-MM-DD..YYYY-MM-DD' entries into days. */
export function expandDays(entries: string[]): IsoDate[] {
  return entries.flatMap((entry) => {
    const [from, to] = entry.split('..') as [string, string | undefined];
    if (!to) return [from];
    const days: IsoDate[] = [];
    for (let d = from; d <= to; d = addDays(d, 1)) days.push(d);
    return days;
  });
}
