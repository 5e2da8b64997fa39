import { recordAudit } from '../../audit/log.js';
import type { Ctx, Role } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { addDays, type IsoDate } from '../../lib/dates.js';
import { provisionalTable } from '../../lib/provisional-calendar.js';
import { addWorkdays, MissingCalendarYear, onOrNextWorkday, usesProvisional, type WorkCalendar } from '../../lib/workdays.js';

/** Admins load each year's official table (国务院办公厅 notice). */
export const CALENDAR_KEEPERS: Role[] = ['admin'];

/** The last year the calendar tables hold (their CHECK); no provisional table is made past it. */
const LAST_YEAR = 2100;

const provisionalDays = new Map<number, ReadonlySet<IsoDate>>();
function provisionalDaysOff(year: number): ReadonlySet<IsoDate> {
  let days = provisionalDays.get(year);
  if (!days) {
    days = new Set(provisionalTable(year).holidays);
    provisionalDays.set(year, days);
  }
  return days;
}

/**
 * The working-day calendar as loaded in the database, for the pure counting in lib/workdays: the
 * official tables, and a provisional one for any later year that has none (domain §7). A year before
 * the first official table has neither.
 */
async function loadCalendar(db: Db | Trx): Promise<WorkCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('reference.calendar_years').select('year').execute(),
    db.selectFrom('reference.calendar_days').select(['day', 'kind']).execute(),
  ]);
  const first = Math.min(...years.map((y) => y.year));
  return {
    years: new Set(years.map((y) => y.year)),
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
    provisional: (year) => (hasProvisional(first, year) ? provisionalDaysOff(year) : null),
  };
}

/** Runs a calendar computation, turning a missing year into a 422 that names it. */
function withCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof MissingCalendarYear) {
      throw new DomainError('RULE_VIOLATED', `${error.message}; an admin loads it with PUT /api/v1/calendar/${error.year}`, {
        year: error.year,
      });
    }
    throw error;
  }
}

/** A counted deadline, and whether a provisional table was used for it (the answer must say so). */
export type Counted = { date: IsoDate; provisional: boolean };

/** Deadlines counted on the calendar (domain §2b); a year with no table at all is a 422 naming it. */
export type Deadlines = {
  /** N working days after a date (工作日). */
  workdaysAfter(from: IsoDate, n: number): IsoDate;
  /** N calendar days after a date (日), moved to the next working day when it ends on a rest day. */
  daysAfter(from: IsoDate, n: number): IsoDate;
  /** workdaysAfter, saying whether a provisional table was used. */
  countWorkdays(from: IsoDate, n: number): Counted;
  /** daysAfter, saying whether a provisional table was used. */
  countDays(from: IsoDate, n: number): Counted;
  /**
   * Whether a stored deadline, counted from `from` to `dueOn`, rests on a provisional table today: the
   * `provisional` / `deadlinesProvisional` flag of an answer that shows it. Once the official table is
   * loaded (and the deadline recounted) it is false.
   */
  provisional(from: IsoDate, dueOn: IsoDate): boolean;
};

function deadlinesOn(calendar: WorkCalendar): Deadlines {
  const countWorkdays = (from: IsoDate, n: number): Counted => {
    const date = withCalendar(() => addWorkdays(calendar, from, n));
    return { date, provisional: n > 0 && usesProvisional(calendar, addDays(from, 1), date) };
  };
  const countDays = (from: IsoDate, n: number): Counted => {
    const end = addDays(from, n);
    const date = withCalendar(() => onOrNextWorkday(calendar, end));
    return { date, provisional: usesProvisional(calendar, end, date) };
  };
  return {
    workdaysAfter: (from, n) => countWorkdays(from, n).date,
    daysAfter: (from, n) => countDays(from, n).date,
    countWorkdays,
    countDays,
    provisional: (from, dueOn) => usesProvisional(calendar, from, dueOn),
  };
}

/**
 * Read before a verb opens its transaction: on PGlite's single connection the calendar cannot be read
 * from inside one through `db`, and it changes once a year.
 */
export async function deadlines(db: Db | Trx): Promise<Deadlines> {
  return deadlinesOn(await loadCalendar(db));
}

/**
 * What a view of stored deadlines needs to know on the day it is read: the day, and whether a deadline
 * still rests on a provisional table (its answer then says `deadlinesProvisional: true`).
 */
export type ReadAt = { today: IsoDate; provisional(from: IsoDate, dueOn: IsoDate): boolean };

export async function readAt(db: Db | Trx, today: IsoDate): Promise<ReadAt> {
  // Reads sit on every answer about an entry, objection or repair: only the list of official years is
  // needed to tell a provisional deadline, not the days themselves.
  const official = new Set((await db.selectFrom('reference.calendar_years').select('year').execute()).map((y) => y.year));
  const first = Math.min(...official);
  const years: WorkCalendar = {
    years: official,
    holidays: new Set(),
    workdays: new Set(),
    provisional: (year) => (hasProvisional(first, year) ? NO_DAYS : null),
  };
  return { today, provisional: (from, dueOn) => usesProvisional(years, from, dueOn) };
}

const NO_DAYS: ReadonlySet<IsoDate> = new Set();

/** A year after the first official one, without its own table, is counted on its provisional table. */
function hasProvisional(firstOfficial: number, year: number): boolean {
  return year > firstOfficial && year <= LAST_YEAR;
}

export async function addWorkdaysFrom(db: Db, from: IsoDate, n: number): Promise<Counted> {
  return (await deadlines(db)).countWorkdays(from, n);
}

/** One year's table as the registry counts on it: the official one, or the provisional one (domain §7). */
export async function getYear(db: Db, year: number) {
  const [loaded, calendar] = await Promise.all([
    db.selectFrom('reference.calendar_years').select(['year', 'loaded_at']).where('year', '=', year).executeTakeFirst(),
    loadCalendar(db),
  ]);
  if (loaded) {
    const days = await db.selectFrom('reference.calendar_days').select(['day', 'kind']).where('year', '=', year).orderBy('day').execute();
    return {
      year,
      status: 'official' as const,
      holidays: days.filter((d) => d.kind === 'holiday').map((d) => d.day),
      workdays: days.filter((d) => d.kind === 'workday').map((d) => d.day),
      loadedAt: loaded.loaded_at.toISOString(),
    };
  }
  const provisional = calendar.provisional?.(year);
  if (!provisional) {
    throw new DomainError('NOT_FOUND', `no working-day calendar for ${year}: it is before the first official table`, { year });
  }
  return { year, status: 'provisional' as const, holidays: [...provisional].sort(), workdays: [], loadedAt: null };
}

/** A deadline recounted when an official table replaced a provisional one; the later date stands. */
export type RecountedDeadline = {
  entityType: string;
  entityId: string;
  field: string;
  was: IsoDate;
  recounted: IsoDate;
  stands: IsoDate;
};

/** What a feature's recount is given: the year just loaded, and counting on the calendar as it now is. */
export type CalendarChange = {
  year: number;
  deadlines: Deadlines;
  /** Whether counting from `from` to `dueOn` reached the year just loaded (so it used its provisional table). */
  reached(from: IsoDate, dueOn: IsoDate): boolean;
};

/**
 * The recount hook a feature gives the calendar: inside the transaction that loads an official table
 * over a provisional one, it recounts its deadlines that are still open and were counted on that
 * year, keeps the later of the stored and the recounted date (domain §7: no party loses time), writes
 * its own audit row for each deadline it moves, and returns every deadline whose recount differs.
 * The list of hooks is src/jobs/recounts.ts.
 */
export type DeadlineRecount = {
  name: string;
  recount(trx: Trx, ctx: Ctx, change: CalendarChange): Promise<RecountedDeadline[]>;
};

/** The later of the stored and the recounted date: what stands after a recount. */
export function laterStands(entity: Omit<RecountedDeadline, 'recounted' | 'stands'>, recounted: IsoDate): RecountedDeadline | null {
  if (recounted === entity.was) return null;
  return { ...entity, recounted, stands: recounted > entity.was ? recounted : entity.was };
}

/**
 * Loads (or replaces) one year's table: holidays and make-up working days. When it replaces the
 * provisional table, every recount hook runs in the same transaction, and the answer lists what they
 * recounted.
 */
export async function putYear(
  db: Db,
  ctx: Ctx,
  year: number,
  input: { holidays: IsoDate[]; workdays: IsoDate[] },
  recounts: DeadlineRecount[] = [],
) {
  if (ctx.actor.role !== 'system') assertRole(ctx.actor, CALENDAR_KEEPERS, 'load the working-day calendar');
  for (const [field, days] of Object.entries(input)) {
    days.forEach((d, i) => {
      if (!d.startsWith(`${year}-`)) throw fail.validation(`${field}.${i}`, `${d} is not in ${year}`);
    });
  }
  const clash = input.holidays.find((d) => input.workdays.includes(d));
  if (clash) throw fail.validation('workdays', `${clash} is listed both as a holiday and as a working day`);
  return db.transaction().execute(async (trx) => {
    const current = await loadCalendar(trx);
    const wasProvisional = !current.years.has(year) && Boolean(current.provisional?.(year));
    const before = await trx
      .selectFrom('reference.calendar_days')
      .select(['day', 'kind'])
      .where('year', '=', year)
      .orderBy('day')
      .execute();
    await trx.deleteFrom('reference.calendar_days').where('year', '=', year).execute();
    await trx
      .insertInto('reference.calendar_years')
      .values({ year, loaded_by: ctx.actor.sub, loaded_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('year').doUpdateSet({ loaded_by: ctx.actor.sub, loaded_at: ctx.clock.now() }))
      .execute();
    const rows = [
      ...[...new Set(input.holidays)].map((day) => ({ day, year, kind: 'holiday' as const })),
      ...[...new Set(input.workdays)].map((day) => ({ day, year, kind: 'workday' as const })),
    ];
    if (rows.length) await trx.insertInto('reference.calendar_days').values(rows).execute();
    const table = { year, holidays: [...new Set(input.holidays)].sort(), workdays: [...new Set(input.workdays)].sort() };
    const recounted: RecountedDeadline[] = [];
    if (wasProvisional) {
      const change: CalendarChange = {
        year,
        deadlines: deadlinesOn(await loadCalendar(trx)),
        reached: (from, dueOn) => Number(from.slice(0, 4)) <= year && Number(dueOn.slice(0, 4)) >= year,
      };
      for (const hook of recounts) recounted.push(...(await hook.recount(trx, ctx, change)));
    }
    const after = { ...table, status: 'official' as const, replacedProvisional: wasProvisional, recounted };
    await recordAudit(trx, ctx, {
      action: 'calendar.put',
      entityType: 'calendar_year',
      entityId: String(year),
      before: before.length ? before : wasProvisional ? { status: 'provisional' } : null,
      after,
    });
    return after;
  });
}
