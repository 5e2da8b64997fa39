import { sql, type RawBuilder } from 'kysely';
import type { IsoDate } from '../../lib/dates.js';

/**
 * The one definition of "a list entry is active on day D": published by D, not yet exited, within its
 * validity, and not voided (an upheld objection removes it as if it had never been listed).
 */
export function activeOn(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const e = sql.ref(alias);
  const day = typeof on === 'string' ? sql`${on}::date` : on;
  return sql<boolean>`(${e}.published_on IS NOT NULL AND ${e}.published_on <= ${day} AND NOT ${e}.voided
    AND ${e}.valid_until >= ${day} AND (${e}.exited_on IS NULL OR ${e}.exited_on > ${day}))`;
}
