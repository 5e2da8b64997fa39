import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import type { Db } from '../../db/types.js';
import { publicRating } from '../../disclosure/index.js';
import { findAgency } from '../agencies/index.js';
import { ratingSummary, ratingsWithNames, toView } from './repo.js';

/**
 * An agency's ratings as the public reads them, newest first: each with its five scores, overall
 * score, comment, date and whether it was set aside, and the summary of those counted.
 */
export async function listAgencyRatings(db: Db, uscc: string, query: { cursor?: string; limit: number }) {
  const agency = await findAgency(db, uscc);
  if (!agency) throw fail.notFound(`agency ${uscc}`);
  const after = decodeCursor(query.cursor);
  let page = ratingsWithNames(db).where('r.subject_id', '=', agency.subjectId);
  if (after) page = page.where('r.id', '<', after);
  const rows = await page
    .orderBy('r.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const summary = (await ratingSummary(db, [agency.subjectId])).get(agency.subjectId)!;
  return {
    agency: { uscc: agency.uscc, name: agency.name },
    summary,
    ...toPage(rows, query.limit, (row) => publicRating(toView(row))),
  };
}
