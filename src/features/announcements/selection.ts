import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import { type Ctx, systemActor } from '../../core/actor.js';
import type { Clock } from '../../core/clock.js';
import { DomainError, fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { buildProof, DrawMismatch, type DrawRule, hashPool, type PoolMember, type SourceCommitment } from '../../lib/draw/index.js';
import { newId } from '../../lib/ids.js';
import { agencyScores, judgeAgencies } from '../agencies/index.js';
import { deadlines } from '../calendar/index.js';
import { findSubject } from '../subjects/index.js';
import { selectionTimeCome } from './allowed-actions.js';
import { nextState, PUBLICITY_WORKDAYS } from './machine.js';
import { assertOwner } from './policy.js';
import type { DrawSources } from './randomness.js';
import { type AnnouncementRow, criteriaOf, lockAnnouncement, moveTo } from './repo.js';
import { announceSelection } from './selection-events.js';
import { recordDecision } from './signups.js';

/**
 * The selection (domain §8). At or after the selection time the owner (or the job) closes sign-up:
 * the row is taken FOR UPDATE, so no sign-up or bid is in flight, the state becomes `selecting`, and in
 * that same transaction every sign-up is judged (stage 'selection') and the pool of eligible agencies
 * (with their bids or credit scores) is fixed, hashed and stored with the moment it was fixed. Only then
 * is the randomness asked for, outside any transaction (a beacon relay may be slow); a drand draw uses
 * the first round published strictly after the pool was fixed (if later than the committed one), so no
 * agency or operator can leave or reshape the pool once the beacon is public. Randomness that does not
 * exist yet is a 409 with `retryAfter`, and the announcement stays `selecting` with its pool: a retry
 * draws from the stored pool and never judges it again. The draw is decided and its proof stored in
 * one transaction.
 */

/**
 * Who runs the selection: the owner (the route), or the job. Only the registry's own actor may skip the
 * owner check; any other actor is checked whatever it claims.
 */
type Who = { owner: true } | { owner: false };
const mustOwn = (ctx: Ctx, who: Who) => who.owner || ctx.actor.role !== 'system';

export async function runSelection(db: Db, ctx: Ctx, id: string, sources: DrawSources, who: Who) {
  const due = await deadlines(db); // read before the transactions (PGlite has one connection)
  const closed = await db.transaction().execute(async (trx) => {
    let row = await lockAnnouncement(trx, id, 'update');
    if (mustOwn(ctx, who)) assertOwner(ctx.actor as Parameters<typeof assertOwner>[0], row);
    if (row.mode === 'direct') return { direct: true as const, row };
    const now = ctx.clock.now();
    if (row.state === 'signing_up') {
      if (!selectionTimeCome(row.selection_at, now))
        throw fail.conflict(`the selection is at ${row.selection_at.toISOString()}`, { retryAfter: row.selection_at.toISOString() });
    } else if (row.state !== 'selecting') {
      nextState(row.state, 'begin_selection');
    }
    if (row.pool_fixed_at === null) row = await fixPool(trx, ctx, row, now);
    const nonces = await trx
      .selectFrom('market.signups as su')
      .innerJoin('credit.subjects as s', 's.id', 'su.subject_id')
      .select(['s.uscc as label', 'su.nonce'])
      .where('su.announcement_id', '=', id)
      .where('su.withdrawn_at', 'is', null)
      .orderBy('s.uscc')
      .execute();
    return { direct: false as const, row, nonces };
  });
  if (closed.direct) return selectDirect(db, ctx, id, due.workdaysAfter(ctx.clock.today(), PUBLICITY_WORKDAYS), who);

  const { row } = closed;
  const commitment = row.randomness_source as SourceCommitment;
  const poolFixedAt = row.pool_fixed_at!;
  const revealed = await drawOrRefuse(() =>
    sources.reveal(commitment, row.sealed_seed, closed.nonces, { poolFixedAt, now: ctx.clock.now() }),
  );
  if ('notYet' in revealed)
    throw new DomainError('CONFLICT', `the randomness committed for this draw is not available yet; retry after ${revealed.notYet}`, {
      retryAfter: revealed.notYet,
      state: 'selecting',
      ...(revealed.problems ? { problems: revealed.problems } : {}),
    });

  const publicityEndsOn = due.workdaysAfter(ctx.clock.today(), PUBLICITY_WORKDAYS);
  return db.transaction().execute(async (trx) => {
    const current = await lockAnnouncement(trx, id, 'update');
    const existing = await trx.selectFrom('market.selections').select('id').where('announcement_id', '=', id).executeTakeFirst();
    if (existing) return { selectionId: existing.id };
    if (current.state !== 'selecting') nextState(current.state, 'select');
    const now = ctx.clock.now();
    const pool = storedPool(current);
    const selectionId = newId('selection', now);
    const proof = await drawOrRefuse(() =>
      buildProof({
        selectionId,
        announcement: {
          id,
          signupDeadline: current.signup_deadline.toISOString(),
          publishedAt: current.published_at!.toISOString(),
          selectionAt: current.selection_at.toISOString(),
        },
        rule: current.draw_rule as DrawRule,
        commitment,
        reveal: revealed.reveal,
        pool: pool.members,
        poolFixedAt: current.pool_fixed_at!.toISOString(),
        madeAt: now.toISOString(),
      }),
    );
    if (proof.poolHash !== current.pool_hash) throw new Error(`the pool of ${id} does not hash to the pool hash stored when it was fixed`);
    const { outcome } = proof;
    const succession =
      current.mode === 'bid_lowest' || current.mode === 'bid_best' ? (outcome.ranked ?? []).map((r) => r.label) : outcome.order;
    const winner = outcome.winner ? pool.bySubject.get(outcome.winner)! : null;
    const state = outcome.failed ? 'failed' : current.mode === 'credit_first' ? 'awaiting_pick' : 'publicised';
    await trx
      .insertInto('market.selections')
      .values({
        id: selectionId,
        announcement_id: id,
        mode: current.mode,
        state,
        pool_hash: proof.poolHash,
        proof: JSON.stringify(proof),
        ordered: succession,
        shortlist: outcome.shortlist ?? [],
        winner_subject_id: winner?.subjectId ?? null,
        winner_bid_fen: winner?.member.bid?.amountFen ?? null,
        winner_discount_rate: winner?.member.bid?.discountRate ?? null,
        publicity_ends_on: state === 'publicised' ? publicityEndsOn : null,
        made_by: ctx.actor.sub,
        made_at: now,
      })
      .execute();
    if (outcome.failed)
      await moveTo(trx, ctx, current, 'failed', outcome.failed.detail, {
        failure_reason: `${outcome.failed.code}: ${outcome.failed.detail}`,
      });
    else await moveTo(trx, ctx, current, 'selected', `selection ${selectionId}`);
    await announceSelection(trx, ctx, selectionId, 'market.selection_made', 'selection.make');
    return { selectionId };
  });
}

/** A draw whose inputs do not match their commitment (a seed that does not hash to the one published …) is refused, never made. */
async function drawOrRefuse<T>(draw: () => Promise<T>): Promise<T> {
  try {
    return await draw();
  } catch (error) {
    if (!(error instanceof DrawMismatch)) throw error;
    throw new DomainError('PRECONDITION_FAILED', `the draw cannot be made: ${error.message}`);
  }
}

type FixedEntry = { subjectId: string; member: PoolMember };
type Fixed = { members: PoolMember[]; bySubject: Map<string, FixedEntry> };

/** The pool stored when the selection began, keyed by label (USCC). */
function storedPool(row: AnnouncementRow): Fixed {
  const entries = row.fixed_pool as FixedEntry[];
  return { members: entries.map((e) => e.member), bySubject: new Map(entries.map((e) => [e.member.label, e])) };
}

/**
 * Begins the selection: judges every sign-up (stage 'selection'), records each decision, and stores the
 * eligible pool with what the mode needs, its hash and the moment it was fixed, then moves to `selecting`
 * with the hash in the step's note (public), all before any randomness is asked for.
 */
async function fixPool(trx: Trx, ctx: Ctx, row: AnnouncementRow, now: Date): Promise<AnnouncementRow> {
  const today = ctx.clock.today();
  const signups = await trx
    .selectFrom('market.signups')
    .select('subject_id')
    .where('announcement_id', '=', row.id)
    .where('withdrawn_at', 'is', null)
    .orderBy('subject_id')
    .execute();
  const judged = await judgeAgencies(
    trx,
    signups.map((s) => s.subject_id),
    criteriaOf(row),
    today,
  );
  for (const j of judged) await recordDecision(trx, row.id, j, 'selection', now);
  const eligible = judged.filter((j) => j.eligible);
  const ids = eligible.map((j) => j.subjectId);
  const bids =
    row.mode === 'bid_lowest' || row.mode === 'bid_best'
      ? await trx.selectFrom('market.bids').selectAll().where('announcement_id', '=', row.id).execute()
      : [];
  const scores = row.mode === 'credit_first' ? await agencyScores(trx, ids, today) : new Map();
  const bidOf = new Map(bids.map((b) => [b.subject_id, b]));
  const entries: FixedEntry[] = [];
  for (const j of eligible) {
    const bid = bidOf.get(j.subjectId);
    const member: PoolMember = { label: j.uscc };
    if (bid) member.bid = bid.amount_fen !== null ? { amountFen: bid.amount_fen } : { discountRate: bid.discount_rate! };
    const score = scores.get(j.subjectId);
    if (score) member.score = score.score;
    entries.push({ subjectId: j.subjectId, member });
  }
  entries.sort((a, b) => (a.member.label < b.member.label ? -1 : a.member.label > b.member.label ? 1 : 0));
  const poolHash = await hashPool(entries.map((e) => e.member));
  const fixed = { fixed_pool: JSON.stringify(entries), pool_hash: poolHash, pool_fixed_at: now };
  await trx.updateTable('market.announcements').set(fixed).where('id', '=', row.id).execute();
  const note = `sign-up closed; the pool is fixed: ${entries.length} of ${judged.length} sign-ups eligible, poolHash ${poolHash}`;
  if (row.state === 'signing_up') await moveTo(trx, ctx, row, nextState(row.state, 'begin_selection'), note);
  await recordAudit(trx, ctx, {
    action: 'announcement.pool_fixed',
    entityType: 'announcement',
    entityId: row.id,
    after: { poolHash, poolFixedAt: now.toISOString(), signups: judged.length, eligible: entries.map((e) => e.member.label) },
  });
  return { ...row, ...fixed, fixed_pool: entries, state: 'selecting' };
}

/**
 * 直接选取: the named agency is judged (stage 'direct'); one not selectable is a 409 naming each reason,
 * the decision is kept, and the announcement stays open so the owner may try again or cancel.
 */
async function selectDirect(db: Db, ctx: Ctx, id: string, publicityEndsOn: string, who: Who) {
  const result = await db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'update');
    if (mustOwn(ctx, who)) assertOwner(ctx.actor as Parameters<typeof assertOwner>[0], row);
    nextState(row.state, 'select');
    const now = ctx.clock.now();
    if (!selectionTimeCome(row.selection_at, now))
      throw fail.conflict(`the selection is at ${row.selection_at.toISOString()}`, { retryAfter: row.selection_at.toISOString() });
    const subject = await findSubject(trx, row.direct_uscc!);
    if (!subject)
      throw fail.conflict(`${row.direct_uscc} is not selectable: no subject is registered with that code`, { reasons: ['not_admitted'] });
    const [judged] = await judgeAgencies(trx, [subject.id], criteriaOf(row), ctx.clock.today());
    const decisionId = await recordDecision(trx, id, judged!, 'direct', now);
    if (!judged!.eligible) {
      await recordAudit(trx, ctx, {
        action: 'selection.direct_refused',
        entityType: 'announcement',
        entityId: id,
        subjectId: subject.id,
        after: judged,
      });
      return { refused: judged!, decisionId };
    }
    const selectionId = newId('selection', now);
    await trx
      .insertInto('market.selections')
      .values({
        id: selectionId,
        announcement_id: id,
        mode: 'direct',
        state: 'publicised',
        ordered: [judged!.uscc],
        winner_subject_id: subject.id,
        publicity_ends_on: publicityEndsOn,
        made_by: ctx.actor.sub,
        made_at: now,
      })
      .execute();
    await moveTo(trx, ctx, row, 'selected', `direct selection ${selectionId}`);
    await announceSelection(trx, ctx, selectionId, 'market.selection_made', 'selection.make');
    return { refused: null, selectionId };
  });
  if (result.refused) {
    const { exclusions } = result.refused;
    throw fail.conflict(`${result.refused.uscc} is not selectable: ${exclusions.map((e) => `${e.code} (${e.detail})`).join('; ')}`, {
      reasons: exclusions.map((e) => e.code),
      eligibilityDecisionId: result.decisionId,
    });
  }
  return { selectionId: result.selectionId! };
}

/**
 * The announcements whose selection time has come, first due first: what the selection job takes each
 * run. Its partial index (schema/0016) holds only these rows, so a run reads what is due, not every
 * open announcement.
 */
export function dueForSelection(db: Db, now: Date, limit: number) {
  return (
    db
      .selectFrom('market.announcements')
      .select('id')
      // Written as literals, not parameters: a prepared statement's generic plan can then use the partial index too.
      .where(sql<boolean>`state IN ('signing_up', 'selecting') AND mode <> 'direct'`)
      .where('selection_at', '<=', now)
      .orderBy('selection_at')
      .limit(limit)
  );
}

/**
 * The job: selects every announcement whose selection time has come (a direct one waits for its owner).
 * A draw whose randomness is not out yet stays `selecting` and is tried again on the next run.
 */
export async function selectDueAnnouncements(db: Db, clock: Clock, sources: DrawSources) {
  const due = await dueForSelection(db, clock.now(), 100).execute();
  const ctx: Ctx = { actor: systemActor('market-selection'), clock, requestId: null };
  const report = { selected: [] as string[], waiting: [] as { id: string; reason: string }[] };
  for (const { id } of due) {
    try {
      const { selectionId } = await runSelection(db, ctx, id, sources, { owner: false });
      report.selected.push(selectionId);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.waiting.push({ id, reason: error.message });
    }
  }
  return report;
}
