import { sql } from 'kysely';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { sequenceFeed } from '../sync/sequencer.js';
import { benchApp } from './app.js';
import { generateCreditData } from './scoring.js';
import { fmt, percentile, row, time } from './stats.js';
import { generateFeed } from './sync-data.js';
import { benchDelivery } from './sync-delivery.js';
import { benchSnapshot } from './sync-snapshot.js';

/**
 * `npm run bench -- sync`: the feed at BENCH_EVENTS events (default 10,000,000). Feed pages per second
 * beside the bare SQL that reads the same page; checkpoint and proof latency at that size; how fast
 * the sequencer places new events; push delivery to a loopback platform; the snapshot's time and peak
 * memory as it grows (over BENCH_SUBJECTS subjects and their records, as `bench -- scoring` makes them).
 */
const SAMPLES = 200;

export async function benchSync(db: Db, config: Config) {
  const generated = await generateFeed(db, config.BENCH_EVENTS);
  if (generated.generated) console.log(`generated the feed in ${fmt(generated.ms)}`);
  const { keys, deps, app } = await benchApp(db, config, systemClock);
  const token = await keys.token('platform');
  const headers = { Authorization: `Bearer ${token}` };
  await sequenceFeed(db, systemClock, deps.sync.feedSigner);
  const size = Number((await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow()).tree_size);
  console.log(`feed of ${size.toLocaleString('en')} events`);

  const random = (n: number) => Math.floor(Math.random() * n);
  const get = async (path: string) => {
    const res = await app.request(path, { headers });
    if (res.status !== 200) throw new Error(`${path} answered ${res.status}: ${await res.text()}`);
    return res.text();
  };

  // Feed pages of 1,000, at random places in the log, alternating with the bare SQL of the same page.
  const appTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < SAMPLES; i++) {
    const after = random(size - 1000);
    appTimes.push((await time(() => get(`/api/v1/sync/feed?after=${after}&limit=1000`))).ms);
    bareTimes.push((await time(() => barePage(db, after))).ms);
  }
  const pagesPerSecond = (t: number[]) => (1000 * t.length) / t.reduce((a, b) => a + b, 0);
  console.log(`feed pages of 1,000 events, ${SAMPLES} each (in process, one at a time)`);
  console.log(
    `  pages per second                   app ${pagesPerSecond(appTimes).toFixed(1).padStart(10)}   bare SQL ${pagesPerSecond(bareTimes).toFixed(1).padStart(10)}`,
  );
  console.log(row('  p50', percentile(appTimes, 50), percentile(bareTimes, 50)));
  console.log(row('  p99', percentile(appTimes, 99), percentile(bareTimes, 99)));

  console.log(`log at ${size.toLocaleString('en')} events, ${SAMPLES} requests each`);
  for (const [label, path] of [
    ['checkpoint', () => '/api/v1/sync/checkpoint'],
    ['inclusion proof', () => `/api/v1/sync/proof/inclusion?index=${random(size)}&size=${size}`],
    ['consistency proof', () => `/api/v1/sync/proof/consistency?from=${1 + random(size - 1)}&to=${size}`],
  ] as const) {
    const times: number[] = [];
    for (let i = 0; i < SAMPLES; i++) times.push((await time(() => get(path()))).ms);
    console.log(`  ${label.padEnd(20)} p50 ${fmt(percentile(times, 50)).padStart(9)}   p99 ${fmt(percentile(times, 99)).padStart(9)}`);
  }

  // The sequencer placing new events at the end of a large log (hashing, subtrees, one checkpoint).
  const fresh = 20_000;
  await sql`
    INSERT INTO sync.events (id, at, type, entity_type, entity_id, payload)
    SELECT 'evt_BENCHNEW' || ${size}::bigint || '_' || lpad(g::text, 8, '0'), now(), 'subject.created', 'subject', 'sub_NEW' || g,
           jsonb_build_object('id', 'sub_NEW' || g, 'kind', 'enterprise', 'legalRepresentative', '李四', 'name', '新增企业' || g,
                              'previousNames', '[]'::jsonb, 'region', '210102', 'uscc', 'NEW' || g)
    FROM generate_series(1, ${fresh}) AS g`.execute(db);
  const placed = await time(() => sequenceFeed(db, systemClock, deps.sync.feedSigner));
  console.log(
    `sequencer: ${placed.value.placed.toLocaleString('en')} new events placed in ${fmt(placed.ms)} (${Math.round((placed.value.placed * 1000) / placed.ms).toLocaleString('en')} events/s)`,
  );

  await benchDelivery(db, deps, config);
  // The snapshot needs public records: the scoring benchmark's subjects and records (BENCH_SUBJECTS).
  await generateCreditData(db, config.BENCH_SUBJECTS);
  await benchSnapshot(app, headers);
}

/** The floor of a feed page: the one join that reads it, with nothing around it. */
function barePage(db: Db, after: number) {
  return sql`
    SELECT f.position, f.leaf_hash, e.id, e.type, e.at, e.entity_type, e.entity_id, e.payload
    FROM sync.feed f JOIN sync.events e ON e.id = f.event_id
    WHERE f.position > ${after} ORDER BY f.position LIMIT 1000`.execute(db);
}
