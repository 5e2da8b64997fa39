import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { type SelectionFacts, selectionDisclosure } from '../../disclosure/index.js';
import type { DrawProof } from '../../lib/draw/index.js';
import { isOwner } from './policy.js';

/**
 * A selection as facts for its views: the pool (every sign-up judged when the pool was fixed, with its
 * reasons and, the bids being opened by now, its bid), the changes of winner, objections, the contract
 * and results.
 */

export function loadSelection(db: Db | Trx, id: string) {
  return db
    .selectFrom('market.selections as sel')
    .innerJoin('market.announcements as a', 'a.id', 'sel.announcement_id')
    .leftJoin('credit.subjects as w', 'w.id', 'sel.winner_subject_id')
    .selectAll('sel')
    .select([
      'a.owner_sub',
      'a.publish_winner',
      'a.state as announcement_state',
      'a.pool_fixed_at',
      'w.uscc as winner_uscc',
      'w.name as winner_name',
    ])
    .where('sel.id', '=', id)
    .executeTakeFirst();
}
export type SelectionRow = NonNullable<Awaited<ReturnType<typeof loadSelection>>>;

type Reason = { code: string; detail: string };

export async function selectionFacts(db: Db | Trx, sel: SelectionRow): Promise<SelectionFacts> {
  const [decisions, bids, changes, objections, contract, results] = await Promise.all([
    db
      .selectFrom('market.eligibility_decisions as d')
      .innerJoin('credit.subjects as s', 's.id', 'd.subject_id')
      .select(['d.id', 'd.subject_id', 'd.eligible', 'd.reasons', 'd.decided_at', 's.uscc', 's.name'])
      .where('d.announcement_id', '=', sel.announcement_id)
      .where('d.stage', 'in', ['selection', 'direct'])
      .where('d.decided_at', '<=', sel.made_at)
      .orderBy('d.decided_at')
      .orderBy('d.id')
      .execute(),
    db
      .selectFrom('market.bids')
      .select(['subject_id', 'amount_fen', 'discount_rate'])
      .where('announcement_id', '=', sel.announcement_id)
      .execute(),
    db
      .selectFrom('market.selection_changes as c')
      .innerJoin('credit.subjects as d', 'd.id', 'c.dropped_subject_id')
      .leftJoin('credit.subjects as n', 'n.id', 'c.next_subject_id')
      .select(['c.reason', 'c.at', 'd.uscc as dropped', 'n.uscc as next'])
      .where('c.selection_id', '=', sel.id)
      .orderBy('c.id')
      .execute(),
    db
      .selectFrom('market.selection_objections as o')
      .innerJoin('credit.subjects as s', 's.id', 'o.subject_id')
      .selectAll('o')
      .select('s.uscc')
      .where('o.selection_id', '=', sel.id)
      .orderBy('o.id')
      .execute(),
    db.selectFrom('market.contracts').selectAll().where('selection_id', '=', sel.id).executeTakeFirst(),
    db.selectFrom('market.service_results').selectAll().where('selection_id', '=', sel.id).orderBy('id').execute(),
  ]);
  const latest = new Map(decisions.map((d) => [d.subject_id, d]));
  const bidOf = new Map(bids.map((b) => [b.subject_id, { amountFen: b.amount_fen, discountRate: b.discount_rate }]));
  const proof = sel.proof as { outcome?: { factor?: number; reference?: string; failed?: Reason } } | null;
  const failure = proof?.outcome?.failed ?? (sel.state === 'failed' ? { code: 'no_candidate', detail: 'no candidate remained' } : null);
  return {
    id: sel.id,
    announcementId: sel.announcement_id,
    mode: sel.mode,
    state: sel.state,
    publishWinner: sel.publish_winner,
    poolHash: sel.pool_hash,
    poolFixedAt: sel.pool_hash === null ? null : (sel.pool_fixed_at?.toISOString() ?? null),
    order: sel.ordered,
    shortlist: sel.shortlist,
    winner: sel.winner_uscc ? { uscc: sel.winner_uscc, name: sel.winner_name! } : null,
    winnerBid:
      sel.winner_bid_fen !== null || sel.winner_discount_rate !== null
        ? { amountFen: sel.winner_bid_fen, discountRate: sel.winner_discount_rate }
        : null,
    factor: proof?.outcome?.factor ?? null,
    reference: proof?.outcome?.reference ?? null,
    failure,
    pool: [...latest.values()].map((d) => ({
      uscc: d.uscc,
      name: d.name,
      eligible: d.eligible,
      eligibilityDecisionId: d.id,
      exclusions: (d.reasons as Reason[]).map((r) => ({ code: r.code, detail: r.detail })),
      bid: bidOf.get(d.subject_id) ?? null,
    })),
    publicityEndsOn: sel.publicity_ends_on,
    confirmedAt: sel.confirmed_at?.toISOString() ?? null,
    completedOn: sel.completed_on,
    madeAt: sel.made_at.toISOString(),
    changes: changes.map((c) => ({ droppedUscc: c.dropped, nextUscc: c.next, reason: c.reason as Reason, at: c.at.toISOString() })),
    objections: objections.map((o) => ({
      id: o.id,
      uscc: o.uscc,
      eligibilityDecisionId: o.eligibility_decision_id,
      againstWinner: o.against_winner,
      reason: o.reason,
      state: o.state,
      decisionNote: o.decision_note,
      filedAt: o.filed_at.toISOString(),
      decidedAt: o.decided_at?.toISOString() ?? null,
    })),
    contract: contract
      ? {
          number: contract.number,
          amountFen: contract.amount_fen,
          startsOn: contract.starts_on,
          endsOn: contract.ends_on,
          extensions: contract.extensions as { endsOn: string; reason: string; filedAt: string }[],
        }
      : null,
    results: results.map((r) => ({ state: r.state, document: r.document, note: r.note, at: r.at.toISOString() })),
    proof: sel.proof ? `/api/v1/market/selections/${sel.id}/proof` : null,
  };
}

/** The selection as its reader may see it: the owner's view to the owner, the public one to anyone else. */
export async function selectionView(db: Db | Trx, id: string, actor?: Actor) {
  const sel = await loadSelection(db, id);
  if (!sel) throw fail.notFound(`selection ${id}`);
  return selectionDisclosure(await selectionFacts(db, sel), { owner: isOwner(actor, sel) });
}

/** The self-contained proof of the draw (public): `npm run verify-draw -- proof.json` checks it offline. */
export async function selectionProof(db: Db, id: string) {
  const sel = await db.selectFrom('market.selections').select(['proof']).where('id', '=', id).executeTakeFirst();
  if (!sel) throw fail.notFound(`selection ${id}`);
  if (!sel.proof) throw fail.notFound(`a draw proof for ${id} (a direct selection has no draw)`);
  return sel.proof as DrawProof;
}

/**
 * For the ratings feature: who owns the selection, who won it, and the day its service was completed
 * (the 180-day rating window counts from it; null until then).
 */
export async function selectionForRating(db: Db | Trx, selectionId: string) {
  const sel = await loadSelection(db, selectionId);
  if (!sel) return undefined;
  const owner = await db
    .selectFrom('market.announcements')
    .select('owner_name')
    .where('id', '=', sel.announcement_id)
    .executeTakeFirstOrThrow();
  return {
    selectionId: sel.id,
    announcementId: sel.announcement_id,
    ownerSub: sel.owner_sub,
    ownerName: owner.owner_name,
    winnerSubjectId: sel.winner_subject_id,
    completedOn: sel.completed_on,
  };
}
