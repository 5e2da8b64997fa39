import type { Actor } from '../../core/actor.js';
import type { Db } from '../../db/types.js';
import { deadlines } from '../calendar/index.js';
import { ratingsWithNames, toView } from './repo.js';
import { authorizeRating, RATING_PERIOD_DAYS } from './service.js';

/**
 * The rating of one selection as its owner sees it (the applicant's console): the rating given, if
 * any, and the rating window: the completion day and the last day a rating is taken, counted as
 * giveRating counts it (180 日 from completion, domain §2b). Only the selection's owner asks.
 */
export async function selectionRating(db: Db, actor: Actor, selectionId: string) {
  const selection = await authorizeRating(db, actor, selectionId);
  const row = await ratingsWithNames(db).where('r.selection_id', '=', selectionId).executeTakeFirst();
  const lastDay = selection.completedOn ? (await deadlines(db)).countDays(selection.completedOn, RATING_PERIOD_DAYS).date : null;
  return { rating: row ? toView(row) : null, completedOn: selection.completedOn, lastDay };
}
