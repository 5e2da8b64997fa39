import { sql } from 'kysely';
import type { Config } from '../config.js';
import { type Clock, dateInShanghai } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { refreshAllScores } from '../features/agencies/index.js';
import { benchApp } from './app.js';
import { BENCH_REGIONS, generateMarket, type MarketSize } from './market-data.js';
import { benchDraw } from './market-draw.js';
import { percentile, row, time } from './stats.js';

/**
 * `npm run bench -- market`: 20,000 agencies, 200,000 announcements and 2,000,000 ratings (each
 * rating on a completed selection of its own), then the public directory at the API (the app's full
 * request path, in process) beside the bare SQL that answers the same page, and a draw end to end.
 */
const TODAY = '2026-11-20';

/** The bench app's clock: the directory is read on TODAY; the draw moves it past its own deadline. */
function movableClock(iso: string): Clock & { set(iso: string): void } {
  let at = new Date(iso);
  return {
    now: () => new Date(at),
    today: () => dateInShanghai(at),
    set: (next: string) => {
      at = new Date(next);
    },
  };
}
const clock = movableClock(`${TODAY}T04:00:00Z`);
const SAMPLES = 400;

type Shape = { label: string; query: Record<string, string>; bare: (db: Db) => Promise<unknown> };

/**
 * The floor: one hand-written statement that returns the same page (the same filters, restriction
 * flags, sort and limit) with nothing around it — no validation, no disclosure, no JSON.
 */
function bareDirectory(db: Db, opts: { service?: string; region?: string; sort: 'credit' | 'rating' | 'fee'; q?: string }) {
  const regions = opts.region ? [opts.region, `${opts.region.slice(0, 4)}00`, `${opts.region.slice(0, 2)}0000`] : null;
  const order =
    opts.sort === 'credit'
      ? sql`sc.score DESC, sc.subject_id`
      : opts.sort === 'rating'
        ? sql`sc.rating_key DESC, sc.subject_id`
        : sql`o.fee_min_fen ASC NULLS LAST, o.subject_id`;
  return sql`
    SELECT s.uscc, s.name, sc.score, sc.grade, rt.count, rt.quality_sum + rt.timeliness_sum + rt.attitude_sum + rt.fee_sum + rt.conduct_sum AS rsum,
           o.fee_kind, o.fee_min_fen, o.fee_max_fen, o.discount_rate
    FROM market.agency_scores sc
    JOIN market.agencies a ON a.subject_id = sc.subject_id
    JOIN credit.subjects s ON s.id = sc.subject_id
    LEFT JOIN market.rating_totals rt ON rt.subject_id = sc.subject_id
    LEFT JOIN market.offers o ON o.subject_id = sc.subject_id AND o.service = ${opts.service ?? ''}
    WHERE a.state = 'admitted'
      ${opts.service ? sql`AND o.service IS NOT NULL` : sql``}
      ${regions ? sql`AND a.regions && ${regions}::text[]` : sql``}
      ${opts.q ? sql`AND strpos(s.search_text, ${opts.q}) > 0` : sql``}
      AND NOT EXISTS (SELECT 1 FROM credit.list_entries e WHERE e.subject_id = a.subject_id AND e.list = 'black'
                      AND e.published_on <= ${TODAY}::date AND NOT e.voided AND e.valid_until >= ${TODAY}::date
                      AND (e.exited_on IS NULL OR e.exited_on > ${TODAY}::date))
      AND NOT EXISTS (SELECT 1 FROM credit.records r WHERE r.subject_id = a.subject_id AND r.severity = 'serious'
                      AND r.superseded_at IS NULL AND r.decided_on <= ${TODAY}::date AND r.voided_on IS NULL
                      AND (r.shown_until >= ${TODAY}::date OR (r.obligations_unmet AND r.end_reason IS NULL)))
      AND NOT EXISTS (SELECT 1 FROM market.suspensions u WHERE u.subject_id = a.subject_id AND u.starts_on <= ${TODAY}::date
                      AND (u.ends_on IS NULL OR u.ends_on >= ${TODAY}::date) AND (u.lifted_on IS NULL OR u.lifted_on > ${TODAY}::date))
    ORDER BY ${order} LIMIT 21`.execute(db);
}

export async function benchMarket(db: Db, config: Config) {
  const size: MarketSize = { agencies: config.BENCH_AGENCIES, announcements: config.BENCH_ANNOUNCEMENTS, ratings: config.BENCH_RATINGS };
  await generateMarket(db, size);
  const scored = await time(() => refreshAllScores(db, clock));
  await sql`ANALYZE market.agency_scores`.execute(db);
  console.log(`scored ${size.agencies} agencies in ${(scored.ms / 1000).toFixed(2)} s (the daily refresh)`);

  const { keys, app } = await benchApp(db, config, clock);

  const region = BENCH_REGIONS[2]!;
  const shapes: Shape[] = [
    { label: 'by credit', query: { sort: 'credit' }, bare: (d) => bareDirectory(d, { sort: 'credit' }) },
    {
      label: 'service + region, by credit',
      query: { service: 'consulting', region, sort: 'credit' },
      bare: (d) => bareDirectory(d, { service: 'consulting', region, sort: 'credit' }),
    },
    { label: 'by rating', query: { sort: 'rating' }, bare: (d) => bareDirectory(d, { sort: 'rating' }) },
    {
      label: 'service, by fee',
      query: { service: 'testing', sort: 'fee' },
      bare: (d) => bareDirectory(d, { service: 'testing', sort: 'fee' }),
    },
    {
      label: 'name search',
      query: { q: '基准中介12', sort: 'credit' },
      bare: (d) => bareDirectory(d, { q: '基准中介12', sort: 'credit' }),
    },
  ];
  console.log(`directory search, ${SAMPLES} requests each, page of 20 (target: p99 < 20 ms and within 1.5× of bare SQL)`);
  for (const shape of shapes) {
    const url = `/api/v1/market/agencies?${new URLSearchParams({ ...shape.query, limit: '20' })}`;
    const warm = await app.request(url);
    if (warm.status !== 200) throw new Error(`${url} answered ${warm.status}: ${await warm.text()}`);
    const appTimes: number[] = [];
    const bareTimes: number[] = [];
    // Alternate the two so a noisy moment of the machine falls on both.
    for (let i = 0; i < SAMPLES; i++) {
      appTimes.push((await time(async () => (await app.request(url)).text())).ms);
      bareTimes.push((await time(() => shape.bare(db))).ms);
    }
    console.log(`  ${shape.label}`);
    console.log(row('    p50', percentile(appTimes, 50), percentile(bareTimes, 50)));
    console.log(row('    p99', percentile(appTimes, 99), percentile(bareTimes, 99)));
  }
  await benchDraw(app, db, keys, clock, '2026-11-23');
}
