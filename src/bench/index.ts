import { type Config, configFromProcess } from '../config.js';
import { createPgDb } from '../db/pg.js';
import { migratePostgres } from '../runtime/database.js';
import { benchLedger } from './ledger.js';
import { benchMarket } from './market.js';
import { benchPages } from './pages.js';
import { benchScoring } from './scoring.js';
import { benchSync } from './sync.js';

/**
 * `npm run bench -- <name>`: benchmarks against the PostgreSQL at DATABASE_URL. They write synthetic
 * data there, so the database's name must contain "bench" (create one: createdb registry_bench).
 */
const BENCHES: Record<string, (db: ReturnType<typeof createPgDb>, config: Config) => Promise<void>> = {
  scoring: (db, config) => benchScoring(db, { subjects: config.BENCH_SUBJECTS }),
  ledger: (db, config) => benchLedger(db, { postings: config.BENCH_POSTINGS }),
  market: (db, config) => benchMarket(db, config),
  sync: (db, config) => benchSync(db, config),
  pages: (db, config) => benchPages(db, config),
};

const name = process.argv[2] ?? '';
const bench = BENCHES[name];
const config = configFromProcess();
if (!bench || !config.DATABASE_URL) {
  console.error(`usage: DATABASE_URL=postgres://…/registry_bench npm run bench -- <${Object.keys(BENCHES).join('|')}>`);
  process.exit(1);
}
if (!new URL(config.DATABASE_URL).pathname.includes('bench')) {
  console.error('refusing: the benchmark writes synthetic data; point DATABASE_URL at a database whose name contains "bench"');
  process.exit(1);
}
await migratePostgres(config.DATABASE_URL);
const db = createPgDb(config.DATABASE_URL, 4);
try {
  await bench(db, config);
} finally {
  await db.destroy();
}
