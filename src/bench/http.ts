import { sql } from 'kysely';
import type { Config } from '../config.js';
import { dateInShanghai, systemClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { refreshAllScores } from '../features/agencies/index.js';
import { floorEnv, serviceEnv } from './http-env.js';
import { type Endpoint, HEADER, LABEL, measure, preflight, type Req, report } from './http-measure.js';
import { benchKeys } from './keys.js';
import { generateMarket } from './market-data.js';
import { floorCommand, runLoad, type Server, serviceCommand, startServer, tempDir } from './processes.js';
import { generateCreditData } from './scoring.js';
import { count, median } from './stats.js';
import { generateFeed } from './sync-data.js';
import { syntheticUscc } from './synthetic.js';

/**
 * `npm run bench -- http`: the service over HTTP, started as its own process on the benchmark database,
 * beside a bare Hono + pg floor (floor-server.ts) with the same pool size, both loaded by autocannon in
 * a third process. Each endpoint's floor is the bare SQL that answers it. Data: the scoring area's
 * subjects (BENCH_SUBJECTS), the market area's agencies, and a feed (any already there, else
 * BENCH_HTTP_EVENTS events); all reused when present.
 */
const DISTINCT_CODES = 5000;
const REVALIDATED_CODES = 500;
/** A feed page as large as the API gives: what a platform catching up asks for. */
const FEED_LIMIT = 1000;
const DEPT = '11210100QY80000166';

export async function benchHttp(db: Db, config: Config) {
  await prepareData(db, config);
  const keys = await benchKeys(config.AUTH_ISSUER, config.AUTH_AUDIENCE);
  const dataDir = tempDir('bench-http-');
  const where = { databaseUrl: config.DATABASE_URL, dataDir: dataDir.path };
  const service = serviceCommand(config.BENCH_HTTP_SERVICE);
  const servers: Server[] = [];
  try {
    servers.push(await startServer('floor', floorCommand(), floorEnv(config, where)));
    servers.push(await startServer('app', service.argv, serviceEnv(config, keys, where)));
    const [floor, app] = servers as [Server, Server];
    const settled = await settle(db);
    console.log(
      `HTTP: app = ${service.label}; floor = bare Hono + pg; both pools ${config.DB_POOL_MAX}; autocannon in its own process, ` +
        `${config.BENCH_HTTP_CONNECTIONS} connections, ${config.BENCH_HTTP_ROUNDS} rounds of ${config.BENCH_HTTP_DURATION_S} s each after a ` +
        `${config.BENCH_HTTP_WARMUP_S} s warm-up, floor and app alternating; medians of the rounds` +
        (settled > 1 ? ` (waited ${settled.toFixed(0)} s for the service's start-up jobs to finish)` : ''),
    );
    const regulator = { Authorization: `Bearer ${await keys.token('regulator', { dept: DEPT })}` };
    const platform = { Authorization: `Bearer ${await keys.token('platform')}` };
    const list = await endpoints(db, config, app, floor, regulator, platform);
    console.log(HEADER);
    for (const endpoint of list) {
      if (config.BENCH_HTTP_ONLY && !config.BENCH_HTTP_ONLY.includes(endpoint.name)) continue;
      console.log(report(await measure(endpoint, floor, app, config)));
    }
    if (!config.BENCH_HTTP_ONLY || config.BENCH_HTTP_ONLY.includes('snapshot')) await benchSnapshotHttp(floor, app, platform, config);
  } finally {
    for (const s of servers.reverse()) await s.stop();
    dataDir.remove();
  }
}

async function prepareData(db: Db, config: Config) {
  await generateCreditData(db, config.BENCH_SUBJECTS);
  await generateMarket(db, { agencies: config.BENCH_AGENCIES, announcements: config.BENCH_ANNOUNCEMENTS, ratings: config.BENCH_RATINGS });
  const scores = await sql<{ n: string }>`SELECT count(*) AS n FROM market.agency_scores`.execute(db);
  if (Number(scores.rows[0]!.n) < config.BENCH_AGENCIES) {
    await refreshAllScores(db, systemClock);
    await sql`ANALYZE market.agency_scores`.execute(db);
  }
  const head = await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
  const size = Number(head.tree_size);
  if (size === 0) await generateFeed(db, config.BENCH_HTTP_EVENTS);
  else if (size < 2 * FEED_LIMIT)
    // A service started on the database before the benchmark built its feed placed a few events of its own.
    throw new Error(
      `the feed holds ${size} events, too few to page through (a service placed them before the benchmark could build ` +
        `${config.BENCH_HTTP_EVENTS}): empty sync.feed, sync.merkle_nodes, sync.checkpoints, sync.feed_reads and sync.events and set ` +
        'sync.log_head.tree_size to 0, or use a new database',
    );
}

/**
 * The service runs its start-up jobs (the daily sweep, the score refresh, the sequencer) right after it
 * answers; measuring then would charge their work to the first endpoint. Waits until no other
 * statement runs on the database for two seconds (at most five minutes).
 */
async function settle(db: Db): Promise<number> {
  const started = performance.now();
  let quiet = 0;
  while (quiet < 4 && performance.now() - started < 300_000) {
    const busy = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND backend_type = 'client backend'`.execute(db);
    quiet = Number(busy.rows[0]!.n) === 0 ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 500));
  }
  return (performance.now() - started) / 1000;
}

async function endpoints(
  db: Db,
  config: Config,
  app: Server,
  floor: Server,
  regulator: Record<string, string>,
  platform: Record<string, string>,
): Promise<Endpoint[]> {
  // Codes spread over the whole table (a stride prime to its size), the same list for both sides.
  const codes = Array.from({ length: Math.min(DISTINCT_CODES, config.BENCH_SUBJECTS) }, (_, i) =>
    syntheticUscc('BQ', (i * 7919) % config.BENCH_SUBJECTS),
  );
  const today = dateInShanghai(new Date());
  const floorSubject = codes.map((c) => ({ path: `/subjects/${c}` }));
  const list: Endpoint[] = [
    {
      name: 'subject',
      label: 'GET /subjects/{uscc} (token)',
      app: codes.map((c) => ({ path: `/api/v1/subjects/${c}`, headers: regulator })),
      floor: floorSubject,
      status: 200,
      target: { reqRatio: 0.8, p99Ratio: 1.25 },
    },
    {
      name: 'public',
      label: 'GET /public/subjects/{uscc}',
      app: codes.map((c) => ({ path: `/api/v1/public/subjects/${c}` })),
      floor: floorSubject,
      status: 200,
      target: { reqRatio: 0.6 },
    },
    {
      name: 'status',
      label: 'GET /public/…/status?on= (fresh)',
      app: codes.map((c) => ({ path: `/api/v1/public/subjects/${c}/status?on=${today}` })),
      floor: floorSubject,
      status: 200,
      target: { reqRatio: 0.5 },
    },
  ];
  if (!config.BENCH_HTTP_ONLY || config.BENCH_HTTP_ONLY.includes('status-revalidated')) {
    const revalidated = await revalidations(app, floor, codes.slice(0, REVALIDATED_CODES), today);
    if (revalidated) list.push(revalidated);
    else console.log('GET /public/…/status: the service sent no ETag, so there is no revalidation to measure');
  }
  const services = await sql<{ code: string }>`SELECT code FROM market.services ORDER BY sort`.execute(db);
  list.push({
    name: 'directory',
    label: 'GET /market/agencies (service, credit)',
    app: services.rows.map((s) => ({ path: `/api/v1/market/agencies?service=${s.code}&sort=credit&limit=20` })),
    floor: services.rows.map((s) => ({ path: `/agencies?service=${s.code}&limit=20` })),
    status: 200,
  });
  const head = await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
  const size = Number(head.tree_size);
  const afters = Array.from({ length: 1000 }, (_, i) => (i * 104_729) % Math.max(1, size - FEED_LIMIT));
  list.push({
    name: 'feed',
    label: `GET /sync/feed?limit=${FEED_LIMIT} (token)`,
    app: afters.map((a) => ({ path: `/api/v1/sync/feed?after=${a}&limit=${FEED_LIMIT}`, headers: platform })),
    floor: afters.map((a) => ({ path: `/feed?after=${a}&limit=${FEED_LIMIT}` })),
    status: 200,
  });
  return list;
}

/** Each code's status with the ETag its first answer carried, asked again with If-None-Match (304 expected); null without ETags. */
async function revalidations(app: Server, floor: Server, codes: string[], today: string): Promise<Endpoint | null> {
  const withTag = async (server: Server, path: string): Promise<Req | null> => {
    const res = await fetch(`${server.base}${path}`);
    await res.arrayBuffer();
    const etag = res.headers.get('ETag');
    return etag ? { path, headers: { 'If-None-Match': etag } } : null;
  };
  const appReqs: Req[] = [];
  const floorReqs: Req[] = [];
  for (const c of codes) {
    const a = await withTag(app, `/api/v1/public/subjects/${c}/status?on=${today}`);
    if (!a) return null;
    appReqs.push(a);
    floorReqs.push((await withTag(floor, `/status/${c}`))!);
  }
  await preflight(app, appReqs, 304);
  return {
    name: 'status-revalidated',
    label: 'GET /public/…/status If-None-Match',
    app: appReqs,
    floor: floorReqs,
    status: 304,
  };
}

/**
 * The snapshot is one long streamed answer, not a request rate: read to its end by the load process,
 * floor and app alternating, BENCH_HTTP_ROUNDS times each; rows per second, medians.
 */
async function benchSnapshotHttp(floor: Server, app: Server, platform: Record<string, string>, config: Config) {
  const floorRuns: number[] = [];
  const appRuns: number[] = [];
  let rows = 0;
  let megabytes = 0;
  for (let round = 0; round < config.BENCH_HTTP_ROUNDS; round++) {
    const f = await runLoad({ kind: 'download', base: floor.base, path: '/snapshot' });
    const a = await runLoad({ kind: 'download', base: app.base, path: '/api/v1/sync/snapshot', headers: platform });
    if (f.status !== 200 || a.status !== 200) throw new Error(`the snapshot answered ${a.status} (floor ${f.status})`);
    if (f.lines !== a.lines) console.log(`    !! the floor streamed ${f.lines - 1} rows, the app ${a.lines - 1}`);
    rows = a.lines - 1;
    megabytes = a.bytes / 2 ** 20;
    floorRuns.push(((f.lines - 1) * 1000) / f.ms);
    appRuns.push(((a.lines - 1) * 1000) / a.ms);
  }
  const [fr, ar] = [median(floorRuns), median(appRuns)];
  console.log(
    `${'GET /sync/snapshot (token), rows/s'.padEnd(LABEL)}${count(fr).padStart(12)}${count(ar).padStart(11)}${(ar / fr).toFixed(2).padStart(7)}  │ ` +
      `${count(rows)} rows, ${megabytes.toFixed(0)} MB, one download at a time`,
  );
  console.log(`${''.padEnd(4)}rounds rows/s: floor ${floorRuns.map(count).join(' / ')}; app ${appRuns.map(count).join(' / ')}`);
}
