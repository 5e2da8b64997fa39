import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { DomainError } from '../../core/errors.js';
import type { Trx } from '../../db/types.js';

/**
 * How much one owner (by its token's sub) may watch. A watch holds up to 100,000 codes, and every
 * feed event is matched against every code watched, so without a bound one applicant could make the
 * matcher's work and the table grow without end. An applicant (an agency vetting a project's
 * bidders) needs a few watches; the city platform watches on behalf of many, so it gets more.
 * Watches past the count are refused with 422 (a rule of the service); codes past the total with 413,
 * as a watch past its own 100,000 is.
 */
export const WATCH_QUOTAS = {
  applicant: { watches: 20, codes: 200_000 },
  platform: { watches: 100, codes: 2_000_000 },
} as const;

export type WatchQuota = { watches: number; codes: number };

export const quotaOf = (actor: Actor): WatchQuota => (actor.role === 'platform' ? WATCH_QUOTAS.platform : WATCH_QUOTAS.applicant);

/** First key of the two-key advisory lock that serialises one owner's creations and additions. */
const OWNER_LOCK = 7_245_011;

/**
 * Takes the owner's lock until the transaction ends, then reads what the owner holds: two requests of
 * the same owner at once would otherwise both read the same totals and both pass the check.
 */
async function lockAndCount(trx: Trx, sub: string): Promise<WatchQuota> {
  await sql`SELECT pg_advisory_xact_lock(${OWNER_LOCK}::int, hashtext(${sub}))`.execute(trx);
  const held = await trx
    .selectFrom('sync.watches')
    .select((eb) => [eb.fn.countAll<string>().as('watches'), eb.fn.sum<string | null>('subject_count').as('codes')])
    .where('owner_sub', '=', sub)
    .executeTakeFirstOrThrow();
  return { watches: Number(held.watches), codes: Number(held.codes ?? 0) };
}

const n = (value: number) => value.toLocaleString('en');

function tooManyCodes(actor: Actor, quota: WatchQuota, held: number, adding: number) {
  return new DomainError(
    'LIMIT_EXCEEDED',
    `an owner's watches hold at most ${n(quota.codes)} codes in all (${actor.role}): yours hold ${n(held)}, and ${n(adding)} more would pass it`,
    { limit: 'codesPerOwner', max: quota.codes, held },
  );
}

/** Before a new watch with `codes` codes is inserted, in the inserting transaction. */
export async function assertRoomForWatch(trx: Trx, actor: Actor, codes: number): Promise<void> {
  const quota = quotaOf(actor);
  const held = await lockAndCount(trx, actor.sub);
  if (held.watches >= quota.watches) {
    throw new DomainError(
      'RULE_VIOLATED',
      `an owner holds at most ${n(quota.watches)} watches (${actor.role}): you hold ${n(held.watches)}; remove one, or add codes to one you have`,
      { limit: 'watchesPerOwner', max: quota.watches, held: held.watches },
    );
  }
  if (held.codes + codes > quota.codes) throw tooManyCodes(actor, quota, held.codes, codes);
}

/**
 * Takes the owner's lock and returns a check for after the new codes are inserted (only then is it
 * known how many were new): what the owner held, this watch's codes before included, plus those.
 */
export async function roomForCodes(trx: Trx, actor: Actor): Promise<(added: number) => void> {
  const quota = quotaOf(actor);
  const held = await lockAndCount(trx, actor.sub);
  return (added) => {
    if (held.codes + added > quota.codes) throw tooManyCodes(actor, quota, held.codes, added);
  };
}
