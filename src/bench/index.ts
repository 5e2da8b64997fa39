import { type Config, configFromProcess } from '../config.js';
import { createPgDb } from '../db/pg.js';
import type { Db } from '../db/types.js';
import { migratePostgres } from '../runtime/database.js';
import { benchEmbedded } from './embedded.js';
import { benchHttp } from './http.js';
import { benchLedger } from './ledger.js';
import { benchMarket } from './market.js';
import { benchMemory } from './memory.js';
import { benchPages } from './pages.js';
import { benchScoring } from './scoring.js';
import { benchSync } from './sync.js';

/**
 * `npm run bench` runs every area in this order; `npm run bench -- <area>` one. The areas on PostgreSQL
 * write synthetic data into the database at DATABASE_URL (reused when present), so its name must
 * contain "bench" (create one: createdb registry_bench); `embedded` needs none (PGlite in a temp dir).
 * Sizes and load settings: the BENCH_* keys of config.ts. BENCHMARKS.md lists the figures.
 */
type Area = { postgres: true; run(db: Db, config: Config): Promise<void> } | { postgres: false; run(config: Config): Promise<void> };

const AREAS: Record<string, Area> = {
  scoring: { postgres: true, run: (db, config) => benchScoring(db, { subjects: config.BENCH_SUBJECTS }) },
  ledger: { postgres: true, run: (db, config) => benchLedger(db, { postings: config.BENCH_POSTINGS }) },
  market: { postgres: true, run: (db, config) => benchMarket(db, config) },
  sync: { postgres: true, run: (db, config) => benchSync(db, config) },
  pages: { postgres: true, run: (db, config) => benchPages(db, config) },
  http: { postgres: true, run: (db, config) => benchHttp(db, config) },
  embedded: { postgres: false, run: (config) => benchEmbedded(config) },
  memory: { postgres: false, run: (config) => benchMemory(config) },
};

const asked = process.argv[2];
const names = asked ? [asked] : Object.keys(AREAS);
const config = configFromProcess();
const usage = `usage: DATABASE_URL=postgres://…/registry_bench npm run bench [-- <${Object.keys(AREAS).join('|')}>]`;
if (!names.every((n) => n in AREAS)) {
  console.error(usage);
  process.exit(1);
}
const needsPostgres = names.some((n) => AREAS[n]!.postgres);
if (needsPostgres && !config.DATABASE_URL) {
  console.error(usage);
  process.exit(1);
}
if (needsPostgres && !new URL(config.DATABASE_URL!).pathname.includes('bench')) {
  console.error('refusing: the benchmark writes synthetic data; point DATABASE_URL at a database whose name contains "bench"');
  process.exit(1);
}
if (needsPostgres) await migratePostgres(config.DATABASE_URL!);
const db = needsPostgres ? createPgDb(config.DATABASE_URL!, 4) : null;
try {
  for (const name of names) {
    const area = AREAS[name]!;
    if (names.length > 1) console.log(`\n== ${name} ==`);
    if (area.postgres) await area.run(db!, config);
    else await area.run(config);
  }
} finally {
  await db?.destroy();
}
