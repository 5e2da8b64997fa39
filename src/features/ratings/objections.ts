import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, RatingObjectionsTable, Trx } from '../../db/types.js';
import { ratingSetAsideDisclosure } from '../../disclosure/index.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { assertOperator, assertRatedAgency, OBJECTION_DECIDERS, OBJECTORS } from './policy.js';
import { adjustTotals } from './repo.js';
import type { ObjectionDecisionInput, RatingObjectionView } from './schemas.js';

/**
 * An agency objects to a rating (domain §8: evaluations are themselves checked); the operator decides.
 * One open objection per rating at a time; a rejected one may be followed by another. Upheld, the
 * rating is set aside: kept and shown as set aside, taken out of the agency's counted totals in the
 * same transaction. Filing and rejection are audited only; setting a rating aside changes what the
 * public sees, so it is also an event.
 */
function toView(row: Selectable<RatingObjectionsTable>, agencyUscc: string, setAside: boolean): RatingObjectionView {
  return {
    id: row.id,
    ratingId: row.rating_id,
    agencyUscc,
    reason: row.reason,
    state: row.state,
    decisionNote: row.decision_note,
    decidedAt: row.decided_at?.toISOString() ?? null,
    filedAt: row.filed_at.toISOString(),
    ratingSetAside: setAside,
  };
}

const ratingWithUscc = (db: Db | Trx) =>
  db.selectFrom('market.ratings as r').innerJoin('credit.subjects as s', 's.id', 'r.subject_id').selectAll('r').select('s.uscc');

/** Route guard: the rating exists and the token is the rated agency's. */
export async function authorizeObjection(db: Db, actor: Actor, ratingId: string) {
  assertRole(actor, OBJECTORS, 'object to a rating');
  const rating = await ratingWithUscc(db).where('r.id', '=', ratingId).executeTakeFirst();
  if (!rating) throw fail.notFound(`rating ${ratingId}`);
  assertRatedAgency(actor, rating.uscc);
}

export async function fileObjection(db: Db, ctx: ActorCtx, ratingId: string, input: { reason: string }) {
  await authorizeObjection(db, ctx.actor, ratingId);
  return db.transaction().execute(async (trx) => {
    // The rating's row lock serialises objections to it, so "one open at a time" holds under races.
    const rating = await ratingWithUscc(trx).where('r.id', '=', ratingId).forUpdate('r').executeTakeFirstOrThrow();
    if (rating.set_aside) throw fail.transition(`rating ${ratingId} is already set aside`, 'set_aside');
    const open = await trx
      .selectFrom('market.rating_objections')
      .select('id')
      .where('rating_id', '=', ratingId)
      .where('state', '=', 'filed')
      .executeTakeFirst();
    if (open) throw fail.conflict(`rating ${ratingId} already has an open objection (${open.id})`, { objectionId: open.id });
    const row = await trx
      .insertInto('market.rating_objections')
      .values({
        id: newId('ratingObjection', ctx.clock.now()),
        rating_id: ratingId,
        reason: input.reason,
        state: 'filed',
        decision_note: null,
        decided_by: null,
        decided_at: null,
        filed_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView(row, rating.uscc, false);
    await recordAudit(trx, ctx, {
      action: 'rating_objection.file',
      entityType: 'rating_objection',
      entityId: row.id,
      subjectId: rating.subject_id,
      after: view,
    });
    return view;
  });
}

/** Route guard for the decision: the operator, and the objection exists. */
export async function authorizeObjectionDecision(db: Db, actor: Actor, objectionId: string) {
  assertRole(actor, OBJECTION_DECIDERS, 'decide objections to ratings');
  assertOperator(actor);
  const row = await db.selectFrom('market.rating_objections').select('id').where('id', '=', objectionId).executeTakeFirst();
  if (!row) throw fail.notFound(`rating objection ${objectionId}`);
}

export async function decideObjection(db: Db, ctx: ActorCtx, objectionId: string, input: ObjectionDecisionInput) {
  await authorizeObjectionDecision(db, ctx.actor, objectionId);
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('market.rating_objections')
      .selectAll()
      .where('id', '=', objectionId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    if (current.state !== 'filed') {
      throw fail.transition(`rating objection ${objectionId} was already decided (${current.state}); it is decided once`, current.state);
    }
    const rating = await ratingWithUscc(trx).where('r.id', '=', current.rating_id).forUpdate('r').executeTakeFirstOrThrow();
    const row = await trx
      .updateTable('market.rating_objections')
      .set({ state: input.decision, decision_note: input.note, decided_by: ctx.actor.sub, decided_at: ctx.clock.now() })
      .where('id', '=', objectionId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = toView(current, rating.uscc, rating.set_aside);
    if (input.decision === 'rejected') {
      const after = toView(row, rating.uscc, rating.set_aside);
      await recordAudit(trx, ctx, {
        action: 'rating_objection.reject',
        entityType: 'rating_objection',
        entityId: objectionId,
        subjectId: rating.subject_id,
        before,
        after,
      });
      return after;
    }
    await trx.updateTable('market.ratings').set({ set_aside: true }).where('id', '=', rating.id).execute();
    await adjustTotals(trx, rating, -1);
    const after = toView(row, rating.uscc, true);
    await recordPublicChange(trx, ctx, 'market.rating_objection_upheld', {
      action: 'rating_objection.uphold',
      entityType: 'rating_objection',
      entityId: objectionId,
      subjectId: rating.subject_id,
      before,
      after,
      payload: ratingSetAsideDisclosure({ objectionId, ratingId: rating.id, agencyUscc: rating.uscc, setAsideOn: ctx.clock.today() }),
    });
    return after;
  });
}
