import type { Ctx } from '../../core/actor.js';
import { DomainError } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { addDays, addYears, type IsoDate } from '../../lib/dates.js';
import { suspendAgency } from '../agencies/index.js';

/**
 * Verified complaints (举报 verified by a regulator) and the suspension they lead to (domain §8: three
 * verified complaints within one year remove an agency from the 超市). "Within one year" of a day is
 * the year ending that day (the day a year ago not counted, by domain §2b), judged on the Asia/Shanghai
 * day each report was decided.
 */
export const COMPLAINTS_FOR_SUSPENSION = 3;

const shanghaiMidnight = (day: IsoDate) => new Date(`${day}T00:00:00+08:00`);

/** The first day of the year that ends on `today`. */
export const complaintYearFrom = (today: IsoDate) => addDays(addYears(today, -1), 1);

/** How many reports about each agency were verified from `since` (inclusive) on; every id asked for gets a number. */
export async function verifiedComplaints(db: Db | Trx, subjectIds: readonly string[], since: IsoDate): Promise<Map<string, number>> {
  const ids = [...new Set(subjectIds)];
  const counts = new Map(ids.map((id) => [id, 0]));
  if (!ids.length) return counts;
  const rows = await db
    .selectFrom('market.reports')
    .select((eb) => ['subject_id', eb.fn.countAll<string>().as('n')])
    .where('subject_id', 'in', ids)
    .where('state', '=', 'verified')
    .where('decided_at', '>=', shanghaiMidnight(since))
    .groupBy('subject_id')
    .execute();
  for (const r of rows) counts.set(r.subject_id, Number(r.n));
  return counts;
}

/**
 * After a verification, in its transaction (the caller holds the locks on the agency's reports, so two
 * verifications at once count one after the other): when the agency now has three verified reports
 * decided within the year that have not yet led to a suspension, it is suspended for 12 months and
 * those reports are marked with the suspension, so each report counts towards one suspension at most.
 * An agency already suspended (for any reason) or no longer admitted is left as it is: its reports stay
 * unmarked and count towards the next suspension while they are within a year.
 */
export async function suspendOnComplaints(trx: Trx, ctx: Ctx, subjectId: string): Promise<string | null> {
  const today = ctx.clock.today();
  const counted = await trx
    .selectFrom('market.reports')
    .select('id')
    .where('subject_id', '=', subjectId)
    .where('state', '=', 'verified')
    .where('suspension_id', 'is', null)
    .where('decided_at', '>=', shanghaiMidnight(complaintYearFrom(today)))
    .orderBy('decided_at')
    .orderBy('id')
    .execute();
  if (counted.length < COMPLAINTS_FOR_SUSPENSION) return null;
  let suspensionId: string;
  try {
    // The detail is public (the profile, the event): it names no record, since a record a complaint
    // became may be one the public does not see (轻微).
    const suspension = await suspendAgency(trx, ctx, subjectId, {
      reason: 'complaints',
      detail: `一年内 ${counted.length} 次举报经查实`,
    });
    suspensionId = suspension.id;
  } catch (error) {
    // Already suspended (409) or not admitted (409, invalid transition): nothing to add; thrown before any write.
    if (error instanceof DomainError && (error.code === 'CONFLICT' || error.code === 'INVALID_TRANSITION')) return null;
    throw error;
  }
  await trx
    .updateTable('market.reports')
    .set({ suspension_id: suspensionId })
    .where(
      'id',
      'in',
      counted.map((r) => r.id),
    )
    .execute();
  return suspensionId;
}
