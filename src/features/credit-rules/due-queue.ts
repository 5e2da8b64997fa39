import { type RawBuilder, type SelectQueryBuilder, sql } from 'kysely';
import { decodeKeyCursor, joinKey, toPageBy } from '../../core/pagination.js';
import { type IsoDate, isIsoDate } from '../../lib/dates.js';

/**
 * A work queue ordered by the running deadline (objections, repairs): the earliest deadline first,
 * cases without one (closed) last, keyset-paged on (deadline, id), with an `overdue` filter. Each
 * feature gives the SQL of its running deadline and its id column; the ordering rules live here once.
 */
const NO_DEADLINE = '9999-12-31';

export function dueQueue(runningDue: RawBuilder<string | null>, idColumn: string, today: IsoDate) {
  const sortDue = sql<string>`coalesce(${runningDue}, ${NO_DEADLINE}::date)`;
  const id = sql.ref(idColumn);
  return {
    runningDue,
    sortDue,
    /** The condition an `overdue=true|false` filter adds, if any. */
    overdue(filter: 'true' | 'false' | undefined): RawBuilder<boolean> | null {
      if (filter === 'true') return sql<boolean>`${runningDue} < ${today}::date`;
      if (filter === 'false') return sql<boolean>`(${runningDue} IS NULL OR ${runningDue} >= ${today}::date)`;
      return null;
    },
    /** The condition that resumes after a page's cursor, if one was given. */
    after(cursor: string | undefined): RawBuilder<boolean> | null {
      const after = decodeKeyCursor(cursor, isIsoDate);
      return after ? sql<boolean>`(${sortDue}, ${id}) > (${after.first}::date, ${after.id})` : null;
    },
    /** Runs a feature's filtered query as one page of the queue: overdue filter, cursor, order, limit. */
    rowsOf<DB, TB extends keyof DB, O>(
      q: SelectQueryBuilder<DB, TB, O>,
      filter: { overdue?: 'true' | 'false'; cursor?: string; limit: number },
    ) {
      let page = q;
      const overdue = this.overdue(filter.overdue);
      if (overdue) page = page.where(overdue);
      const after = this.after(filter.cursor);
      if (after) page = page.where(after);
      return page
        .orderBy(sortDue)
        .orderBy(id)
        .limit(filter.limit + 1)
        .execute();
    },
    page<T extends { id: string; running_due: string | null }, U>(rows: T[], limit: number, map: (row: T) => U) {
      return toPageBy(rows, limit, (row) => joinKey(row.running_due ?? NO_DEADLINE, row.id), map);
    },
  };
}
