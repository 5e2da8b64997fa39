import { recordAudit, type Ctx } from '../../audit/log.js';
import type { Db, Trx } from '../../db/types.js';
import { DomainError, fail } from '../../http/errors.js';
import type { IsoDate } from '../../lib/dates.js';
import { addWorkdays, MissingCalendarYear, type WorkCalendar } from '../../lib/workdays.js';

/** The working-day calendar as loaded in the database, for the pure counting in lib/workdays. */
export async function loadCalendar(db: Db | Trx): Promise<WorkCalendar> {
  const [years, days] = await Promise.all([
    db.selectFrom('credit.calendar_years').select('year').execute(),
    db.selectFrom('credit.calendar_days').select(['day', 'kind']).execute(),
  ]);
  return {
    years: new Set(years.map((y) => y.year)),
    holidays: new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.day)),
    workdays: new Set(days.filter((d) => d.kind === 'workday').map((d) => d.day)),
  };
}

/** Runs a calendar computation, turning a missing year into a 422 that names it. */
export function withCalendar<T>(compute: () => T): T {
  try {
    return compute();
  } catch (error) {
    if (error instanceof MissingCalendarYear) {
      throw new DomainError('RULE_VIOLATED', `${error.message}; an admin loads it with PUT /api/v1/calendar/${error.year}`, { year: error.year });
    }
    throw error;
  }
}

export async function addWorkdaysFrom(db: Db, from: IsoDate, n: number): Promise<IsoDate> {
  const calendar = await loadCalendar(db);
  return withCalendar(() => addWorkdays(calendar, from, n));
}

/** Loads (or replaces) one year's table: holidays and make-up working days. */
export async function putYear(db: Db, ctx: Ctx, year: number, input: { holidays: IsoDate[]; workdays: IsoDate[] }) {
  for (const [field, days] of Object.entries(input)) {
    days.forEach((d, i) => {
      if (!d.startsWith(`${year}-`)) throw fail.validation(`${field}.${i}`, `${d} is not in ${year}`);
    });
  }
  const clash = input.holidays.find((d) => input.workdays.includes(d));
  if (clash) throw fail.validation('workdays', `${clash} is listed both as a holiday and as a working day`);
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('credit.calendar_days').select(['day', 'kind']).where('year', '=', year).orderBy('day').execute();
    await trx.deleteFrom('credit.calendar_days').where('year', '=', year).execute();
    await trx.insertInto('credit.calendar_years').values({ year, loaded_by: ctx.actor.sub, loaded_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('year').doUpdateSet({ loaded_by: ctx.actor.sub, loaded_at: ctx.clock.now() })).execute();
    const rows = [
      ...[...new Set(input.holidays)].map((day) => ({ day, year, kind: 'holiday' as const })),
      ...[...new Set(input.workdays)].map((day) => ({ day, year, kind: 'workday' as const })),
    ];
    if (rows.length) await trx.insertInto('credit.calendar_days').values(rows).execute();
    const after = { year, holidays: [...new Set(input.holidays)].sort(), workdays: [...new Set(input.workdays)].sort() };
    await recordAudit(trx, ctx, { action: 'calendar.put', entityType: 'calendar_year', entityId: String(year), before: before.length ? before : null, after });
    return after;
  });
}
