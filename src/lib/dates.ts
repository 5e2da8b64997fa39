/**
 * Dates of law as 'YYYY-MM-DD' strings, counted by the one convention of the civil code (民法典
 * 第201–203条, domain §2b): the starting day is not counted; N days end N days later; months and years
 * end on the same-numbered day, or the month's last day when it has none. Pure, UTC arithmetic on
 * calendar dates, so no time zone can shift a day.
 */
export type IsoDate = string;

const DAY_MS = 86_400_000;

function toUtc(date: IsoDate): Date {
  return new Date(`${date}T00:00:00Z`);
}

function fromUtc(d: Date): IsoDate {
  return d.toISOString().slice(0, 10);
}

export function isIsoDate(value: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && fromUtc(toUtc(value)) === value;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromUtc(new Date(toUtc(date).getTime() + days * DAY_MS));
}

/** The end of a period of N months from `date`: same day number, clamped to the month's last day. */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const d = toUtc(date);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return fromUtc(target);
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

/** Calendar days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return Math.round((toUtc(b).getTime() - toUtc(a).getTime()) / DAY_MS);
}

export function maxDate(...dates: IsoDate[]): IsoDate {
  return dates.reduce((a, b) => (a > b ? a : b));
}

export function minDate(...dates: IsoDate[]): IsoDate {
  return dates.reduce((a, b) => (a < b ? a : b));
}

/** A stored deadline and whether it has passed (overdue is derived, never stored). */
export function deadline(dueOn: IsoDate | null, today: IsoDate): { dueOn: IsoDate | null; overdue: boolean } {
  return { dueOn, overdue: dueOn !== null && today > dueOn };
}

/** The last day of a year: yearly evaluations stand on it. */
export function yearEnd(year: number): IsoDate {
  return `${String(year).padStart(4, '0')}-12-31`;
}
