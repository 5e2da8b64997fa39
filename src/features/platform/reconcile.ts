import { sql } from 'kysely';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { addDays, daysBetween, type IsoDate } from '../../lib/dates.js';
import { FEED_READERS } from './policy.js';

/**
 * Reconciliation, day by day (domain §9): the platform sends, for each day, how many feed events it
 * holds and a checksum; the registry answers which days agree and which events to send again.
 *
 * A day is the date in Asia/Shanghai (UTC+8, no summer time) of the event's `at`. For a day:
 *   count  = the number of feed events whose `at` falls on it;
 *   sha256 = SHA-256 over the concatenation of their leaf hashes (32 raw bytes each, the `leafHash`
 *            of the feed items decoded from hex), in feed order (ascending `index`).
 * A day with no events has count 0 and the SHA-256 of nothing (e3b0c442…b855).
 *
 * Every day between the first and the last day the request names is answered where the registry has
 * events, named or not; a named day the registry has none of is answered too. The events to resend
 * (index and id, in feed order) are listed for a day that differs or is missing at the platform, at
 * most RESEND_LIMIT in one answer: a day whose list was cut says so, and the platform pages the feed
 * from the first index given (after = index − 1).
 */
export const RECONCILE_MAX_DAYS = 400;
export const RESEND_LIMIT = 1000;

export type PlatformDay = { day: IsoDate; count: number; sha256: string };
export type DayFigures = { count: number; sha256: string };
export type DayStatus = 'match' | 'differs' | 'missing_at_platform' | 'missing_at_registry';
export type DayAnswer = {
  day: IsoDate;
  status: DayStatus;
  registry: DayFigures;
  platform: DayFigures | null;
  resend: { index: number; id: string }[];
  resendTruncated: boolean;
};

const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const startOfDay = (day: IsoDate) => new Date(`${day}T00:00:00+08:00`);

export async function reconcile(db: Db, ctx: ActorCtx, days: PlatformDay[]) {
  assertRole(ctx.actor, FEED_READERS, 'reconcile the feed');
  const named = new Map(days.map((d) => [d.day, { count: d.count, sha256: d.sha256.toLowerCase() }]));
  const sorted = [...named.keys()].sort();
  const from = sorted[0]!;
  const to = sorted[sorted.length - 1]!;
  if (daysBetween(from, to) >= RECONCILE_MAX_DAYS) {
    throw fail.validation('days', `the days named span ${from} to ${to}; at most ${RECONCILE_MAX_DAYS} days in one request`);
  }
  const registry = await registryDays(db, from, to);
  const answers: DayAnswer[] = [];
  let budget = RESEND_LIMIT;
  for (const day of [...new Set([...sorted, ...registry.keys()])].sort()) {
    const mine = registry.get(day) ?? { count: 0, sha256: EMPTY_SHA256 };
    const theirs = named.get(day) ?? null;
    const status = statusOf(mine, theirs);
    let resend: DayAnswer['resend'] = [];
    if (status === 'differs' || status === 'missing_at_platform') {
      resend = budget > 0 ? await eventsOf(db, day, budget) : [];
      budget -= resend.length;
    }
    answers.push({ day, status, registry: mine, platform: theirs, resend, resendTruncated: resend.length < resendable(status, mine) });
  }
  return { from, to, days: answers, resendTruncated: answers.some((a) => a.resendTruncated) };
}

function statusOf(mine: DayFigures, theirs: DayFigures | null): DayStatus {
  if (theirs === null || (theirs.count === 0 && mine.count > 0)) return 'missing_at_platform';
  if (mine.count === 0 && theirs.count === 0) return 'match';
  if (mine.count === 0) return 'missing_at_registry';
  return mine.count === theirs.count && mine.sha256 === theirs.sha256 ? 'match' : 'differs';
}

const resendable = (status: DayStatus, mine: DayFigures) => (status === 'differs' || status === 'missing_at_platform' ? mine.count : 0);

/** Count and checksum per Shanghai day over [from, to], computed by the database over the leaf hashes. */
async function registryDays(db: Db, from: IsoDate, to: IsoDate): Promise<Map<IsoDate, DayFigures>> {
  const { rows } = await sql<{ day: string; count: number | string; sha256: string }>`
    SELECT to_char(e.at AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS day, count(*) AS count,
           encode(sha256(string_agg(f.leaf_hash, ''::bytea ORDER BY f.position)), 'hex') AS sha256
    FROM sync.events e JOIN sync.feed f ON f.event_id = e.id
    WHERE e.at >= ${startOfDay(from)} AND e.at < ${startOfDay(addDays(to, 1))}
    GROUP BY 1`.execute(db);
  return new Map(rows.map((r) => [r.day, { count: Number(r.count), sha256: r.sha256 }]));
}

async function eventsOf(db: Db, day: IsoDate, limit: number) {
  const rows = await db
    .selectFrom('sync.events as e')
    .innerJoin('sync.feed as f', 'f.event_id', 'e.id')
    .select(['f.position', 'e.id'])
    .where('e.at', '>=', startOfDay(day))
    .where('e.at', '<', startOfDay(addDays(day, 1)))
    .orderBy('f.position')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ index: Number(r.position), id: r.id }));
}
