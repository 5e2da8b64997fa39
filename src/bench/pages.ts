import { sql } from 'kysely';
import type { Config } from '../config.js';
import { dateInShanghai } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { refreshAllScores } from '../features/agencies/index.js';
import { benchApp } from './app.js';
import { generateMarket } from './market-data.js';
import { fmt, percentile, time } from './stats.js';

/**
 * `npm run bench -- pages`: each public page beside the JSON API answer it is built from, on the
 * market benchmark's data (BENCH_AGENCIES agencies, their announcements and ratings), in process and
 * alternated request by request. The ratio is what rendering the page adds: the HTML, and the extra
 * reads a page makes that its API answer leaves to the caller (an agency page also shows ratings).
 */
const SAMPLES = 300;
const clock = { now: () => new Date('2026-11-20T04:00:00Z'), today: () => dateInShanghai(new Date('2026-11-20T04:00:00Z')) };

export async function benchPages(db: Db, config: Config) {
  await generateMarket(db, { agencies: config.BENCH_AGENCIES, announcements: config.BENCH_ANNOUNCEMENTS, ratings: config.BENCH_RATINGS });
  await refreshAllScores(db, clock);
  const { app } = await benchApp(db, config, clock);
  const rated = await sql<{ uscc: string }>`
    SELECT s.uscc FROM credit.subjects s JOIN market.rating_totals rt ON rt.subject_id = s.id
    WHERE s.id LIKE 'sub_BMKT%' ORDER BY rt.count DESC, s.id LIMIT 1`.execute(db);
  const uscc = rated.rows[0]?.uscc;
  if (!uscc) throw new Error('no rated agency in the benchmark data');

  const pairs: [string, string, string][] = [
    ['home', '/', '/health'],
    ['directory by credit', '/market?sort=credit', '/api/v1/market/agencies?sort=credit&limit=20'],
    ['directory, service by fee', '/market?service=testing&sort=fee', '/api/v1/market/agencies?service=testing&sort=fee&limit=20'],
    ['agency page', `/market/agencies/${uscc}`, `/api/v1/market/agencies/${uscc}`],
    ['subject page', `/subjects/${uscc}`, `/api/v1/public/subjects/${uscc}`],
    [
      'search by name',
      `/search?q=${encodeURIComponent('基准中介12')}`,
      `/api/v1/public/subjects?q=${encodeURIComponent('基准中介12')}&limit=20`,
    ],
    ['black list', '/lists/black', '/api/v1/public/list-entries?list=black&limit=20'],
  ];
  console.log(`pages beside their JSON, ${SAMPLES} requests each, in process (agency ${uscc})`);
  console.log(
    `${'what'.padEnd(28)} ${'page p50'.padStart(10)} ${'json p50'.padStart(10)} ${'ratio'.padStart(6)}   ${'page p99'.padStart(10)} ${'json p99'.padStart(10)}   page size`,
  );
  for (const [label, page, json] of pairs) {
    for (const url of [page, json]) {
      const warm = await app.request(url);
      if (warm.status !== 200) throw new Error(`${url} answered ${warm.status}: ${(await warm.text()).slice(0, 300)}`);
    }
    const pageTimes: number[] = [];
    const jsonTimes: number[] = [];
    let bytes = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const p = await time(async () => (await app.request(page)).text());
      bytes = Buffer.byteLength(p.value);
      pageTimes.push(p.ms);
      jsonTimes.push((await time(async () => (await app.request(json)).text())).ms);
    }
    const [p50, j50] = [percentile(pageTimes, 50), percentile(jsonTimes, 50)];
    console.log(
      `${label.padEnd(28)} ${fmt(p50).padStart(10)} ${fmt(j50).padStart(10)} ${(p50 / j50).toFixed(2).padStart(6)}   ${fmt(percentile(pageTimes, 99)).padStart(10)} ${fmt(percentile(jsonTimes, 99)).padStart(10)}   ${(bytes / 1024).toFixed(1)} kB`,
    );
  }
}
