import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { type Judgement, judgeAgencies } from '../agencies/index.js';
import { findSubject } from '../subjects/index.js';
import { agencyUscc, isPublic } from './policy.js';
import { type AnnouncementRow, criteriaOf, lockAnnouncement } from './repo.js';
import { type BidInput, scaled } from './schemas.js';

/**
 * Sign-ups and sealed bids until the deadline (domain §8). Both lock the announcement row FOR SHARE and
 * read the clock after the lock: the closing takes the row FOR UPDATE, so a sign-up either commits
 * before the closing reads the pool or sees the deadline passed; none stored after it is accepted.
 */

export type Stage = 'signup' | 'selection' | 'confirmation' | 'direct';

/** Writes one eligibility decision with its reasons and the credit facts each rested on. */
export async function recordDecision(trx: Trx, announcementId: string, judged: Judgement, stage: Stage, at: Date) {
  const id = newId('eligibility', at);
  await trx
    .insertInto('market.eligibility_decisions')
    .values({
      id,
      announcement_id: announcementId,
      subject_id: judged.subjectId,
      stage,
      eligible: judged.eligible,
      reasons: JSON.stringify(judged.exclusions),
      decided_at: at,
    })
    .execute();
  return id;
}

/** Refusals of an agency's act by the announcement's state and the deadline, read after the lock. */
function assertOpen(row: AnnouncementRow, now: Date, what: string) {
  if (!isPublic(row)) throw fail.notFound(`announcement ${row.id}`);
  if (row.mode === 'direct') throw fail.conflict(`a direct announcement takes no ${what}: the owner named its agency`);
  if (row.state !== 'signing_up' || now.getTime() >= row.signup_deadline.getTime())
    throw fail.conflict(`${what} closed at ${row.signup_deadline.toISOString()} (the announcement is ${row.state})`, {
      state: row.state,
      signupDeadline: row.signup_deadline.toISOString(),
    });
}

const randomNonce = () => Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export async function signUp(db: Db, ctx: ActorCtx, id: string, input: { nonce?: string }) {
  const uscc = agencyUscc(ctx.actor);
  const outcome = await db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'share');
    const now = ctx.clock.now();
    assertOpen(row, now, 'sign-up');
    const subject = await findSubject(trx, uscc);
    if (!subject) throw fail.rule(`no subject is registered with ${uscc}; an agency joins the 超市 first`);
    const [judged] = await judgeAgencies(trx, [subject.id], criteriaOf(row), ctx.clock.today());
    const decisionId = await recordDecision(trx, id, judged!, 'signup', now);
    await recordAudit(trx, ctx, {
      action: 'announcement.signup',
      entityType: 'announcement',
      entityId: id,
      subjectId: subject.id,
      after: { uscc, eligible: judged!.eligible, decisionId, exclusions: judged!.exclusions.map((e) => e.code) },
    });
    if (!judged!.eligible) return { refused: judged!, decisionId };
    const signed = await trx
      .insertInto('market.signups')
      .values({ announcement_id: id, subject_id: subject.id, signed_at: now, nonce: input.nonce ?? randomNonce(), withdrawn_at: null })
      .onConflict((oc) =>
        oc
          .columns(['announcement_id', 'subject_id'])
          .doUpdateSet((eb) => ({ signed_at: eb.ref('excluded.signed_at'), nonce: eb.ref('excluded.nonce'), withdrawn_at: null }))
          .where('market.signups.withdrawn_at', 'is not', null),
      )
      .returning('subject_id')
      .executeTakeFirst();
    if (!signed) throw fail.conflict(`${uscc} has already signed up for ${id}`);
    return { refused: null, decisionId };
  });
  // The refusal's decision is committed above, so an objection can name it.
  if (outcome.refused) {
    const codes = outcome.refused.exclusions.map((e) => e.code);
    throw new DomainError(
      'RULE_VIOLATED',
      `${uscc} may not sign up: ${outcome.refused.exclusions.map((e) => `${e.code} (${e.detail})`).join('; ')}`,
      {
        reasons: codes,
        eligibilityDecisionId: outcome.decisionId,
        errors: outcome.refused.exclusions.map((e) => ({ path: e.code, message: e.detail })),
      },
    );
  }
  return ownSignup(db, ctx, id);
}

export async function withdrawSignup(db: Db, ctx: ActorCtx, id: string) {
  const uscc = agencyUscc(ctx.actor);
  await db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'share');
    const now = ctx.clock.now();
    assertOpen(row, now, 'withdrawal');
    const signup = await activeSignup(trx, id, uscc);
    await trx
      .updateTable('market.signups')
      .set({ withdrawn_at: now })
      .where('announcement_id', '=', id)
      .where('subject_id', '=', signup.subject_id)
      .execute();
    await trx.deleteFrom('market.bids').where('announcement_id', '=', id).where('subject_id', '=', signup.subject_id).execute();
    await recordAudit(trx, ctx, {
      action: 'announcement.withdraw',
      entityType: 'announcement',
      entityId: id,
      subjectId: signup.subject_id,
    });
  });
  return ownSignup(db, ctx, id);
}

async function activeSignup(db: Db | Trx, id: string, uscc: string) {
  const signup = await db
    .selectFrom('market.signups as su')
    .innerJoin('credit.subjects as s', 's.id', 'su.subject_id')
    .select(['su.subject_id', 'su.withdrawn_at'])
    .where('su.announcement_id', '=', id)
    .where('s.uscc', '=', uscc)
    .executeTakeFirst();
  if (!signup || signup.withdrawn_at !== null) throw fail.conflict(`${uscc} has no sign-up in effect for ${id}; sign up first`);
  return signup;
}

/** A sealed bid of a signed-up agency; a second one before the deadline replaces the first (`replaced: true`). */
export async function submitBid(db: Db, ctx: ActorCtx, id: string, input: BidInput) {
  const uscc = agencyUscc(ctx.actor);
  return db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'share');
    const now = ctx.clock.now();
    if (isPublic(row) && row.mode !== 'bid_lowest' && row.mode !== 'bid_best')
      throw fail.conflict(`announcement ${id} selects by ${row.mode}: it takes no bids`);
    assertOpen(row, now, 'bidding');
    assertQuote(row, input);
    const signup = await activeSignup(trx, id, uscc);
    const previous = await trx
      .selectFrom('market.bids')
      .select('submitted_at')
      .where('announcement_id', '=', id)
      .where('subject_id', '=', signup.subject_id)
      .executeTakeFirst();
    const values = { amount_fen: input.amountFen ?? null, discount_rate: input.discountRate ?? null, submitted_at: now };
    await trx
      .insertInto('market.bids')
      .values({ announcement_id: id, subject_id: signup.subject_id, ...values })
      .onConflict((oc) => oc.columns(['announcement_id', 'subject_id']).doUpdateSet(values))
      .execute();
    // The audit row keeps that a bid was made, never its value: the log is read before the opening too.
    await recordAudit(trx, ctx, {
      action: previous ? 'announcement.bid_replaced' : 'announcement.bid',
      entityType: 'announcement',
      entityId: id,
      subjectId: signup.subject_id,
    });
    return { announcementId: id, uscc, quoteKind: row.quote_kind, submittedAt: now.toISOString(), replaced: previous !== undefined };
  });
}

/** The quote must be of the announcement's kind and within its cap and floor, or its discount range. */
function assertQuote(row: AnnouncementRow, input: BidInput) {
  if (row.quote_kind === 'amount') {
    if (input.amountFen === undefined)
      throw fail.rule('amountFen: this announcement is quoted as an amount in fen, not as a discount rate', {
        errors: [{ path: 'amountFen', message: 'an amount in fen is required; discountRate is refused' }],
      });
    const amount = BigInt(input.amountFen);
    if (amount <= 0n) throw fail.rule('amountFen: a bid must be more than 0');
    if (row.price_cap_fen !== null && amount > BigInt(row.price_cap_fen))
      throw fail.rule(`amountFen: ${input.amountFen} is above the price cap ${row.price_cap_fen}`);
    if (row.price_floor_fen !== null && amount < BigInt(row.price_floor_fen))
      throw fail.rule(`amountFen: ${input.amountFen} is below the price floor ${row.price_floor_fen}`);
    return;
  }
  if (input.discountRate === undefined)
    throw fail.rule('discountRate: this announcement is quoted as a discount rate, not as an amount', {
      errors: [{ path: 'discountRate', message: 'a discount rate is required; amountFen is refused' }],
    });
  const rate = scaled(input.discountRate);
  if (rate < scaled(row.discount_min!) || rate > scaled(row.discount_max!))
    throw fail.rule(`discountRate: ${input.discountRate} is outside the range ${row.discount_min}–${row.discount_max}`);
}

/** The agency's own sign-up: when, its nonce, its latest eligibility decision, whether it has a sealed bid (never the value). */
export async function ownSignup(db: Db, ctx: ActorCtx, id: string) {
  const uscc = agencyUscc(ctx.actor);
  const signup = await db
    .selectFrom('market.signups as su')
    .innerJoin('credit.subjects as s', 's.id', 'su.subject_id')
    .leftJoin('market.bids as b', (j) =>
      j.onRef('b.announcement_id', '=', 'su.announcement_id').onRef('b.subject_id', '=', 'su.subject_id'),
    )
    .select(['su.subject_id', 'su.signed_at', 'su.withdrawn_at', 'su.nonce', 's.name', 'b.submitted_at as bid_at'])
    .where('su.announcement_id', '=', id)
    .where('s.uscc', '=', uscc)
    .executeTakeFirst();
  if (!signup) throw fail.notFound(`a sign-up of ${uscc} for ${id}`);
  const decision = await db
    .selectFrom('market.eligibility_decisions')
    .select(['id', 'stage', 'eligible', 'reasons', 'decided_at'])
    .where('announcement_id', '=', id)
    .where('subject_id', '=', signup.subject_id)
    .orderBy('decided_at', 'desc')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return {
    announcementId: id,
    uscc,
    name: signup.name,
    signedAt: signup.signed_at.toISOString(),
    withdrawnAt: signup.withdrawn_at?.toISOString() ?? null,
    nonce: signup.nonce,
    eligibility: {
      id: decision.id,
      stage: decision.stage,
      eligible: decision.eligible,
      exclusions: (decision.reasons as { code: string; detail: string }[]).map((r) => ({ code: r.code, detail: r.detail })),
      decidedAt: decision.decided_at.toISOString(),
    },
    bidSubmittedAt: signup.bid_at?.toISOString() ?? null,
  };
}
