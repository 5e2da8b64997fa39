import { sql } from 'kysely';
import type { Clock } from '../../core/clock.js';
import type { Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { EVENT_TYPES } from '../../sync/catalogue.js';
import { agencyScores } from './scoring.js';

/**
 * market.agency_scores: the 中介 scores the directory sorts and filters by (the profile and
 * credit_first compute theirs live). Kept two ways:
 * - after every write (and every few seconds), the agencies named by new credit, rating and report
 *   events are rescored, so a new record, list change, rating or verified complaint shows in the
 *   directory as soon as the write's after-write jobs ran (seconds at most when they did not);
 * - every day, all admitted agencies, which catches what changes with time alone (a record's display
 *   ends, a rating leaves the window, a complaint turns a year old): at most one day behind.
 * Each row says the day it was computed for (`computed_on`), and the directory shows it.
 */
export const SCORE_CONSUMER = 'market-agency-scores';
const BATCH = 500;

/** The events that can move a 中介 score: credit records and list entries, and the market's ratings and reports. */
export const SCORE_EVENTS = EVENT_TYPES.filter(
  (t) => t.startsWith('record.') || t.startsWith('list_entry.') || t.startsWith('market.rating') || t.startsWith('market.report'),
);

/** The exact order of averages as an integer: floor(sum × 10^18 / (5 × count)); -1 when unrated. */
export function ratingKey(sum: number, count: number): string {
  return count > 0 ? String((BigInt(sum) * 10n ** 18n) / (5n * BigInt(count))) : '-1';
}

export async function storeScores(trx: Db | Trx, subjectIds: string[], on: IsoDate, at: Date) {
  if (!subjectIds.length) return 0;
  const scores = await agencyScores(trx, subjectIds, on);
  const totals = await trx
    .selectFrom('market.rating_totals')
    .select(['subject_id', 'count', sql<number>`quality_sum + timeliness_sum + attitude_sum + fee_sum + conduct_sum`.as('sum')])
    .where('subject_id', 'in', subjectIds)
    .execute();
  const ratingKeys = new Map(totals.map((t) => [t.subject_id, ratingKey(Number(t.sum), t.count)]));
  const rows = [...scores].map(([subjectId, s]) => ({
    subject_id: subjectId,
    score: s.score,
    grade: s.grade,
    rule_version: s.ruleVersion,
    rating_key: ratingKeys.get(subjectId) ?? '-1',
    computed_on: on,
    computed_at: at,
  }));
  await trx
    .insertInto('market.agency_scores')
    .values(rows)
    .onConflict((oc) =>
      oc.column('subject_id').doUpdateSet((eb) => ({
        score: eb.ref('excluded.score'),
        grade: eb.ref('excluded.grade'),
        rule_version: eb.ref('excluded.rule_version'),
        rating_key: eb.ref('excluded.rating_key'),
        computed_on: eb.ref('excluded.computed_on'),
        computed_at: eb.ref('excluded.computed_at'),
      })),
    )
    .execute();
  return rows.length;
}

/** The daily pass: every admitted agency, in batches, keyset over the subject id. */
export async function refreshAllScores(db: Db, clock: Clock) {
  const on = clock.today();
  let after = '';
  let scored = 0;
  for (;;) {
    const batch = await db
      .selectFrom('market.agencies')
      .select('subject_id')
      .where('state', '=', 'admitted')
      .where('subject_id', '>', after)
      .orderBy('subject_id')
      .limit(BATCH)
      .execute();
    if (!batch.length) break;
    const ids = batch.map((r) => r.subject_id);
    scored += await db.transaction().execute((trx) => storeScores(trx, ids, on, clock.now()));
    after = ids[ids.length - 1]!;
    if (batch.length < BATCH) break;
  }
  return { scored };
}

/**
 * The event-driven pass: outbox events that can move a score, not yet handled by this consumer; the
 * admitted agencies they name are rescored and the events marked, in one transaction (a crash leaves
 * neither, a rerun does the rest).
 */
export async function refreshTouchedScores(db: Db, clock: Clock) {
  let scored = 0;
  for (;;) {
    const pending = await db
      .selectFrom('sync.events as e')
      .select(['e.id', 'e.subject_id'])
      .where('e.type', 'in', SCORE_EVENTS)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('sync.consumed as c')
              .select(sql`1`.as('one'))
              .whereRef('c.event_id', '=', 'e.id')
              .where('c.consumer', '=', SCORE_CONSUMER),
          ),
        ),
      )
      .orderBy('e.id')
      .limit(BATCH)
      .execute();
    if (!pending.length) break;
    scored += await db.transaction().execute(async (trx) => {
      const named = [...new Set(pending.map((e) => e.subject_id).filter((id): id is string => id !== null))];
      const admitted = named.length
        ? (
            await trx
              .selectFrom('market.agencies')
              .select('subject_id')
              .where('subject_id', 'in', named)
              .where('state', '=', 'admitted')
              .execute()
          ).map((r) => r.subject_id)
        : [];
      const n = await storeScores(trx, admitted, clock.today(), clock.now());
      await trx
        .insertInto('sync.consumed')
        .values(pending.map((e) => ({ consumer: SCORE_CONSUMER, event_id: e.id, outcome: 'done' as const, detail: null })))
        .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
        .execute();
      return n;
    });
    if (pending.length < BATCH) break;
  }
  return { scored };
}
