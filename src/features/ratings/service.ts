import type { Actor, ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { ratingDisclosure } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { selectionForRating } from '../announcements/index.js';
import { deadlines } from '../calendar/index.js';
import { assertSelectionOwner, RATERS } from './policy.js';
import { adjustTotals, ratingsWithNames, toView } from './repo.js';
import type { RatingInput } from './schemas.js';

/**
 * The owner rates the agency once, after the service is completed and within 180 days of completion
 * (domain §8), counted as a period in 日 by domain §2b: the starting day is not counted, and a last day
 * that is a rest day moves to the next working day (the calendar's countDays). The rating, the
 * agency's counted totals, the audit row and the public event commit together.
 */
export const RATING_PERIOD_DAYS = 180;

/** A rating is taken through the period's last day (null: not completed, nothing to rate yet). */
export function ratingPeriodOpen(lastDay: IsoDate | null, today: IsoDate): boolean {
  return lastDay !== null && today <= lastDay;
}

/** Route guard: the selection exists and the token is its owner's (before the body is read). */
export async function authorizeRating(db: Db, actor: Actor, selectionId: string) {
  assertRole(actor, RATERS, 'rate an agency');
  const selection = await selectionForRating(db, selectionId);
  if (!selection) throw fail.notFound(`selection ${selectionId}`);
  assertSelectionOwner(actor, selection.ownerSub);
  return selection;
}

export async function giveRating(db: Db, ctx: ActorCtx, selectionId: string, input: RatingInput) {
  const selection = await authorizeRating(db, ctx.actor, selectionId);
  if (!selection.completedOn || !selection.winnerSubjectId) {
    throw fail.rule(`selection ${selectionId}: its service is not completed yet; the agency is rated after completion`);
  }
  const existing = await db
    .selectFrom('market.ratings')
    .select(['id', 'rated_on'])
    .where('selection_id', '=', selectionId)
    .executeTakeFirst();
  if (existing) throw alreadyRated(selectionId, existing);
  // Read before the transaction: PGlite's one connection cannot read the calendar from inside it.
  const lastDay = (await deadlines(db)).countDays(selection.completedOn, RATING_PERIOD_DAYS).date;
  const today = ctx.clock.today();
  if (!ratingPeriodOpen(lastDay, today)) {
    throw fail.rule(
      `selection ${selectionId}: the rating period ended on ${lastDay} (${RATING_PERIOD_DAYS} days after completion on ${selection.completedOn})`,
      { lastDay, completedOn: selection.completedOn },
    );
  }
  const agencyId = selection.winnerSubjectId;
  return db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('market.ratings')
      .values({
        id: newId('rating', ctx.clock.now()),
        selection_id: selectionId,
        subject_id: agencyId,
        owner_sub: ctx.actor.sub,
        quality: input.quality,
        timeliness: input.timeliness,
        attitude: input.attitude,
        fee: input.fee,
        conduct: input.conduct,
        comment: input.comment,
        rated_on: today,
        set_aside: false,
        created_at: ctx.clock.now(),
      })
      .onConflict((oc) => oc.column('selection_id').doNothing())
      .returningAll()
      .executeTakeFirst();
    // Two requests at once: the unique selection_id lets one in; the other gets the same 409 as later.
    if (!inserted) throw alreadyRated(selectionId);
    await adjustTotals(trx, inserted, 1);
    const view = toView((await ratingsWithNames(trx).where('r.id', '=', inserted.id).executeTakeFirst())!);
    await recordPublicChange(trx, ctx, 'market.rating_given', {
      action: 'rating.give',
      entityType: 'rating',
      entityId: view.id,
      subjectId: agencyId,
      after: view,
      payload: ratingDisclosure(view),
    });
    return view;
  });
}

function alreadyRated(selectionId: string, existing?: { id: string; rated_on: string }) {
  return fail.conflict(
    existing
      ? `selection ${selectionId} was already rated on ${existing.rated_on} (${existing.id}); a selection is rated once`
      : `selection ${selectionId} was already rated; a selection is rated once`,
    existing ? { ratingId: existing.id } : {},
  );
}
