import { recordAudit } from '../../audit/log.js';
import type { ActorCtx, Ctx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { judgeAgencies } from '../agencies/index.js';
import { deadlines } from '../calendar/index.js';
import { findSubject } from '../subjects/index.js';
import { publicityOver } from './allowed-actions.js';
import { PUBLICITY_WORKDAYS } from './machine.js';
import { agencyUscc, assertOwner, OPERATORS } from './policy.js';
import { type AnnouncementRow, criteriaOf, lockAnnouncement, moveTo } from './repo.js';
import { announceSelection } from './selection-events.js';
import { loadSelection, type SelectionRow, selectionView } from './selection-view.js';
import { recordDecision } from './signups.js';

/**
 * After the draw: 结果公示 (a window of 3 working days for objections), the owner's pick from a credit
 * first short list, and confirmation. A winner that became restricted before confirmation, or whose
 * standing an upheld objection disproved, drops out and the next in order takes its place; each change
 * is recorded with its reason and published.
 */

/** The selection and its announcement, the announcement row locked FOR UPDATE (every change of a selection takes it). */
async function lockSelection(trx: Trx, id: string): Promise<{ sel: SelectionRow; row: AnnouncementRow }> {
  const first = await loadSelection(trx, id);
  if (!first) throw fail.notFound(`selection ${id}`);
  const row = await lockAnnouncement(trx, first.announcement_id, 'update');
  return { sel: (await loadSelection(trx, id))!, row };
}

/** 信用择优: the owner picks the winner from the short list; the publicity window starts then. */
export async function pickFromShortlist(db: Db, ctx: ActorCtx, id: string, uscc: string) {
  const due = await deadlines(db);
  await db.transaction().execute(async (trx) => {
    const { sel, row } = await lockSelection(trx, id);
    assertOwner(ctx.actor, row);
    if (sel.state !== 'awaiting_pick')
      throw fail.transition(`selection ${id} is ${sel.state}; only a short list awaiting the pick is picked from`, sel.state);
    if (!sel.shortlist.includes(uscc)) throw fail.rule(`uscc: ${uscc} is not on the short list (${sel.shortlist.join(', ')})`);
    const subject = (await findSubject(trx, uscc))!;
    await trx
      .updateTable('market.selections')
      .set({
        state: 'publicised',
        winner_subject_id: subject.id,
        publicity_ends_on: due.workdaysAfter(ctx.clock.today(), PUBLICITY_WORKDAYS),
      })
      .where('id', '=', id)
      .execute();
    await announceSelection(trx, ctx, id, 'market.selection_changed', 'selection.pick');
  });
  return selectionView(db, id, ctx.actor);
}

/** An agency of the pool objects to the result during the window, optionally naming the decision it disputes. */
export async function fileObjection(db: Db, ctx: ActorCtx, id: string, input: { eligibilityDecisionId?: string; reason: string }) {
  const uscc = agencyUscc(ctx.actor);
  const objectionId = await db.transaction().execute(async (trx) => {
    const { sel } = await lockSelection(trx, id);
    if (sel.state !== 'publicised')
      throw fail.transition(`selection ${id} is ${sel.state}; objections are filed while its result is publicised`, sel.state);
    if (ctx.clock.today() > sel.publicity_ends_on!) throw fail.conflict(`the objection window ended on ${sel.publicity_ends_on}`);
    const inPool = await trx
      .selectFrom('market.eligibility_decisions as d')
      .innerJoin('credit.subjects as s', 's.id', 'd.subject_id')
      .select('d.subject_id')
      .where('d.announcement_id', '=', sel.announcement_id)
      .where('d.stage', 'in', ['selection', 'direct'])
      .where('s.uscc', '=', uscc)
      .executeTakeFirst();
    if (!inPool) throw fail.forbidden(`${uscc} was not in the pool of this selection; only its agencies object here`);
    let againstWinner = true;
    if (input.eligibilityDecisionId) {
      const decision = await trx
        .selectFrom('market.eligibility_decisions')
        .select('subject_id')
        .where('id', '=', input.eligibilityDecisionId)
        .where('announcement_id', '=', sel.announcement_id)
        .executeTakeFirst();
      if (!decision) throw fail.rule(`eligibilityDecisionId: ${input.eligibilityDecisionId} is not a decision of this announcement`);
      againstWinner = decision.subject_id === sel.winner_subject_id;
    }
    const inserted = await trx
      .insertInto('market.selection_objections')
      .values({
        selection_id: id,
        subject_id: inPool.subject_id,
        eligibility_decision_id: input.eligibilityDecisionId ?? null,
        against_winner: againstWinner,
        reason: input.reason,
        state: 'filed',
        filed_at: ctx.clock.now(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'selection.objection',
      entityType: 'selection',
      entityId: id,
      subjectId: inPool.subject_id,
      after: input,
    });
    return inserted.id;
  });
  const view = await selectionView(db, id, ctx.actor);
  return view.objections.find((o) => o.id === String(objectionId))!;
}

/** The operator decides an objection; upheld against the winner, the winner drops out and the next takes its place. */
export async function decideObjection(
  db: Db,
  ctx: ActorCtx,
  id: string,
  objectionId: string,
  input: { decision: 'upheld' | 'rejected'; note: string },
) {
  assertRole(ctx.actor, OPERATORS, 'decide objections to a result');
  await db.transaction().execute(async (trx) => {
    const { sel, row } = await lockSelection(trx, id);
    const objection = await trx
      .selectFrom('market.selection_objections')
      .selectAll()
      .where('id', '=', objectionId)
      .where('selection_id', '=', id)
      .executeTakeFirst();
    if (!objection) throw fail.notFound(`objection ${objectionId} of ${id}`);
    if (objection.state !== 'filed') throw fail.transition(`objection ${objectionId} is already ${objection.state}`, objection.state);
    await trx
      .updateTable('market.selection_objections')
      .set({ state: input.decision, decision_note: input.note, decided_by: ctx.actor.sub, decided_at: ctx.clock.now() })
      .where('id', '=', objectionId)
      .execute();
    await recordAudit(trx, ctx, {
      action: `selection.objection_${input.decision}`,
      entityType: 'selection',
      entityId: id,
      after: { objectionId, ...input },
    });
    if (input.decision === 'upheld' && objection.against_winner && sel.state === 'publicised' && sel.winner_subject_id) {
      await replaceWinner(trx, ctx, sel, row, { code: 'objection_upheld', detail: `objection ${objectionId} upheld: ${input.note}` });
      await announceSelection(trx, ctx, id, 'market.selection_changed', 'selection.replace');
    }
  });
  return selectionView(db, id, ctx.actor);
}

/**
 * The owner confirms after the window, with no objection open. The winner is judged again; restricted
 * now, it drops out and the next eligible one in order takes its place (each judged in turn).
 */
export async function confirmSelection(db: Db, ctx: ActorCtx, id: string) {
  await db.transaction().execute(async (trx) => {
    const { sel, row } = await lockSelection(trx, id);
    assertOwner(ctx.actor, row);
    if (sel.state !== 'publicised')
      throw fail.transition(`selection ${id} is ${sel.state}; only a publicised result is confirmed`, sel.state);
    if (!publicityOver(sel.publicity_ends_on, ctx.clock.today()))
      throw fail.conflict(`the result is publicised until ${sel.publicity_ends_on}; confirm after it`, {
        publicityEndsOn: sel.publicity_ends_on,
      });
    const open = await trx
      .selectFrom('market.selection_objections')
      .select('id')
      .where('selection_id', '=', id)
      .where('state', '=', 'filed')
      .execute();
    if (open.length) throw fail.conflict(`objections ${open.map((o) => o.id).join(', ')} are still open`);
    const winner = (await judgeAgencies(trx, [sel.winner_subject_id!], criteriaOf(row), ctx.clock.today()))[0]!;
    await recordDecision(trx, row.id, winner, 'confirmation', ctx.clock.now());
    let confirmed = winner.eligible;
    if (!winner.eligible) {
      const reason = { code: 'restricted_before_confirmation', detail: winner.exclusions.map((e) => `${e.code} (${e.detail})`).join('; ') };
      confirmed = await replaceWinner(trx, ctx, sel, row, reason);
      await announceSelection(trx, ctx, id, 'market.selection_changed', 'selection.replace');
    }
    if (!confirmed) return;
    await trx.updateTable('market.selections').set({ state: 'confirmed', confirmed_at: ctx.clock.now() }).where('id', '=', id).execute();
    await recordAudit(trx, ctx, { action: 'selection.confirm', entityType: 'selection', entityId: id });
  });
  return selectionView(db, id, ctx.actor);
}

/**
 * Drops the current winner for `reason` and puts the next eligible candidate in order in its place
 * (the draw order, the ranked bids, or the rest of the short list); none left fails the announcement.
 * Returns whether a successor was found.
 */
async function replaceWinner(trx: Trx, ctx: Ctx, sel: SelectionRow, row: AnnouncementRow, reason: { code: string; detail: string }) {
  const now = ctx.clock.now();
  const dropped = new Set(
    (await trx.selectFrom('market.selection_changes').select('dropped_subject_id').where('selection_id', '=', sel.id).execute()).map(
      (c) => c.dropped_subject_id,
    ),
  );
  dropped.add(sel.winner_subject_id!);
  const order = sel.mode === 'credit_first' ? sel.shortlist : sel.ordered;
  const candidates = await trx
    .selectFrom('credit.subjects')
    .select(['id', 'uscc'])
    .where('uscc', 'in', order.length ? order : [''])
    .execute();
  const idOf = new Map(candidates.map((c) => [c.uscc, c.id]));
  let successor: { subjectId: string; bid?: { amount_fen: string | null; discount_rate: string | null } } | null = null;
  for (const uscc of order) {
    const subjectId = idOf.get(uscc);
    if (!subjectId || dropped.has(subjectId)) continue;
    const judged = (await judgeAgencies(trx, [subjectId], criteriaOf(row), ctx.clock.today()))[0]!;
    await recordDecision(trx, row.id, judged, 'confirmation', now);
    if (!judged.eligible) continue;
    const bid = await trx
      .selectFrom('market.bids')
      .select(['amount_fen', 'discount_rate'])
      .where('announcement_id', '=', row.id)
      .where('subject_id', '=', subjectId)
      .executeTakeFirst();
    successor = { subjectId, bid };
    break;
  }
  // One change row either way: who dropped out, why, and who (if anyone) took the place.
  await trx
    .insertInto('market.selection_changes')
    .values({
      selection_id: sel.id,
      dropped_subject_id: sel.winner_subject_id!,
      reason: JSON.stringify(reason),
      next_subject_id: successor?.subjectId ?? null,
      actor: ctx.actor.sub,
      at: now,
    })
    .execute();
  await trx
    .updateTable('market.selections')
    .set({
      ...(successor ? {} : { state: 'failed' as const }),
      winner_subject_id: successor?.subjectId ?? null,
      winner_bid_fen: successor?.bid?.amount_fen ?? null,
      winner_discount_rate: successor?.bid?.discount_rate ?? null,
    })
    .where('id', '=', sel.id)
    .execute();
  await repointOpenObjections(trx, sel.id, successor?.subjectId ?? null);
  if (successor) return true;
  await moveTo(trx, ctx, row, 'failed', `no candidate remained: ${reason.detail}`, { failure_reason: `no_candidate: ${reason.detail}` });
  return false;
}

/**
 * After a change of winner, the open objections are against the winner only if they name the new
 * winner's eligibility decision: one filed against the dropped winner (naming none, or its decision)
 * must not, when upheld later, drop a successor nobody objected to.
 */
async function repointOpenObjections(trx: Trx, selectionId: string, winnerSubjectId: string | null) {
  const open = trx.updateTable('market.selection_objections').where('selection_id', '=', selectionId).where('state', '=', 'filed');
  await open.set({ against_winner: false }).execute();
  if (winnerSubjectId === null) return;
  await open
    .set({ against_winner: true })
    .where('eligibility_decision_id', 'in', (eb) =>
      eb.selectFrom('market.eligibility_decisions').select('id').where('subject_id', '=', winnerSubjectId),
    )
    .execute();
}
