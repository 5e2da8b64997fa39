import type { Selectable } from 'kysely';
import type { Db, RatingsTable, Trx } from '../../db/types.js';
import { DIMENSIONS, overallOf, type RatingSummary, summaryOf } from './averages.js';
import type { RatingView } from './schemas.js';

/** The queries of ratings: one rating with its agency's name, the counted totals, the summary. */
export type RatingRow = Selectable<RatingsTable> & {
  agency_uscc: string;
  agency_name: string;
  owner_name: string;
  announcement_id: string;
};

export function toView(row: RatingRow): RatingView {
  return {
    id: row.id,
    selectionId: row.selection_id,
    announcementId: row.announcement_id,
    agencyUscc: row.agency_uscc,
    agencyName: row.agency_name,
    ownerName: row.owner_name,
    quality: row.quality,
    timeliness: row.timeliness,
    attitude: row.attitude,
    fee: row.fee,
    conduct: row.conduct,
    overall: overallOf(row),
    comment: row.comment,
    ratedOn: row.rated_on,
    setAside: row.set_aside,
  };
}

/** Ratings with their agency and owner names (the owner's organisation is the announcement's). */
export function ratingsWithNames(db: Db | Trx) {
  return db
    .selectFrom('market.ratings as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .innerJoin('market.selections as sel', 'sel.id', 'r.selection_id')
    .innerJoin('market.announcements as a', 'a.id', 'sel.announcement_id')
    .selectAll('r')
    .select(['s.uscc as agency_uscc', 's.name as agency_name', 'a.owner_name', 'a.id as announcement_id']);
}

/** Adds (+1) or takes away (−1) one rating from its agency's counted totals, in the caller's transaction. */
export async function adjustTotals(trx: Trx, row: Selectable<RatingsTable>, sign: 1 | -1) {
  const delta = { count: sign, ...Object.fromEntries(DIMENSIONS.map((d) => [`${d}_sum`, sign * row[d]])) } as Record<string, number>;
  await trx
    .insertInto('market.rating_totals')
    .values({
      subject_id: row.subject_id,
      count: delta.count!,
      quality_sum: delta.quality_sum!,
      timeliness_sum: delta.timeliness_sum!,
      attitude_sum: delta.attitude_sum!,
      fee_sum: delta.fee_sum!,
      conduct_sum: delta.conduct_sum!,
    })
    .onConflict((oc) =>
      oc.column('subject_id').doUpdateSet((eb) => ({
        count: eb('market.rating_totals.count', '+', eb.ref('excluded.count')),
        quality_sum: eb('market.rating_totals.quality_sum', '+', eb.ref('excluded.quality_sum')),
        timeliness_sum: eb('market.rating_totals.timeliness_sum', '+', eb.ref('excluded.timeliness_sum')),
        attitude_sum: eb('market.rating_totals.attitude_sum', '+', eb.ref('excluded.attitude_sum')),
        fee_sum: eb('market.rating_totals.fee_sum', '+', eb.ref('excluded.fee_sum')),
        conduct_sum: eb('market.rating_totals.conduct_sum', '+', eb.ref('excluded.conduct_sum')),
      })),
    )
    .execute();
}

/**
 * The rating summary of each agency asked for (every id gets one: nobody rated yet → count 0, null
 * averages), from the counted totals: ratings set aside are not in them.
 */
export async function ratingSummary(db: Db | Trx, subjectIds: readonly string[]): Promise<Map<string, RatingSummary>> {
  const ids = [...new Set(subjectIds)];
  const rows = ids.length ? await db.selectFrom('market.rating_totals').selectAll().where('subject_id', 'in', ids).execute() : [];
  const byId = new Map(rows.map((r) => [r.subject_id, r]));
  return new Map(ids.map((id) => [id, summaryOf(byId.get(id))]));
}
