import { sql, type RawBuilder } from 'kysely';
import type { IsoDate } from '../../lib/dates.js';

/**
 * The one definition of "a record is in effect on day D" (it counts in evaluations, restricts, and is
 * shown when public): the current revision, decided by D, not voided, and D within its shown period,
 * or held past it because its obligations are unmet and no person has ended it (domain §3).
 */
export function inEffect(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const r = sql.ref(alias);
  const day = typeof on === 'string' ? sql`${on}::date` : on;
  return sql<boolean>`(${r}.superseded_at IS NULL AND ${r}.decided_on <= ${day} AND ${r}.voided_on IS NULL
    AND (${r}.shown_until >= ${day} OR (${r}.obligations_unmet AND ${r}.end_reason IS NULL)))`;
}
