import { recordAudit } from '../../audit/log.js';
import type { Ctx, Role } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { addDays, type IsoDate } from '../../lib/dates.js';
import { addWorkdays, MissingCalendarYear, onOrNextWorkday, type WorkCalendar } from '../../lib/workdays.js';

/** Admins load each year's official table (国务院办公厅 notice). */
export const CALENDAR_KEEPERS: Role[] = ['admin'];

/** The working-day calendar as loaded in the database, for the pure counting in lib/workdays. */
async function loadCalendar(db: Db | Trx): Promise<WorkCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('reference.calendar_years').select('year').execute(),
    db.selectFrom('reference.calendar_days').select(['day', 'kind']).execute(),
  ]);
  return {
    years: new Set(years.map((y) => y.year)),
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
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

/** Deadlines counted on the calendar (domain §2b); a missing year is a 422 naming it. */
export type Deadlines = {
  /** N working days after a date (工作日). */
  workdaysAfter(from: IsoDate, n: number): IsoDate;
  /** N calendar days after a date (日), moved to the next working day when it ends on a rest day. */
  daysAfter(from: IsoDate, n: number): IsoDate;
};

/**
 * Read before a verb opens its transaction: on PGlite's single connection the calendar cannot be read
 * from inside one through `db`, and it changes once a year.
 */
export async function deadlines(db: Db | Trx): Promise<Deadlines> {
  const calendar = await loadCalendar(db);
  return {
    workdaysAfter: (from, n) => withCalendar(() => addWorkdays(calendar, from, n)),
    daysAfter: (from, n) => withCalendar(() => onOrNextWorkday(calendar, addDays(from, n))),
  };
}

export async function addWorkdaysFrom(db: Db, from: IsoDate, n: number): Promise<IsoDate> {
  return (await deadlines(db)).workdaysAfter(from, n);
}

/** Loads (or replaces) one year's table: holidays and make-up working days. */
export async function putYear(db: Db, ctx: Ctx, year: number, input: { holidays: IsoDate[]; workdays: IsoDate[] }) {
  if (ctx.actor.role !== 'system') assertRole(ctx.actor, CALENDAR_KEEPERS, 'load the working-day calendar');
  for (const [field, days] of Object.entries(input)) {
    days.forEach((d, i) => {
      if (!d.startsWith(`${year}-`)) throw fail.validation(`${field}.${i}`, `${d} is not in ${year}`);
    });
  }
  const clash = input.holidays.find((d) => input.workdays.includes(d));
  if (clash) throw fail.validation('workdays', `${clash} is listed both as a holiday and as a working day`);
  return db.transaction().execute(async (trx) => {
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
    const after = { year, holidays: [...new Set(input.holidays)].sort(), workdays: [...new Set(input.workdays)].sort() };
    await recordAudit(trx, ctx, {
      action: 'calendar.put',
      entityType: 'calendar_year',
      entityId: String(year),
      before: before.length ? before : null,
      after,
    });
    return after;
  });
}
