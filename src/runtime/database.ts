import { join } from 'node:path';
import type pg from 'pg';
import { type Config, ConfigError } from '../config.js';
import { consoleJsonLogger, type Logger } from '../core/logger.js';
import { checksumOf, type MigrationFile, migrate } from '../db/migrate.js';
import { createPgPool, pgDbOver } from '../db/pg.js';
import { openPglite } from '../db/pglite.js';
import { ReadReplicas } from '../db/replicas.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { pgClientSession, pgliteSession } from '../db/sessions.js';
import type { Db } from '../db/types.js';
import { lockDataDir } from './lockfile.js';
import type { PoolStats } from './metrics.js';

/** A migrated database for a Node process: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export type NodeDatabase = {
  db: Db;
  mode: 'postgres' | 'embedded';
  location: string;
  migrated: string[];
  /** Streaming standbys for lag-tolerant reads, measured from the start (DATABASE_REPLICA_URLS). */
  replicas?: ReadReplicas;
  /** Connections in use, idle and waiting, for GET /metrics. */
  pools(): PoolStats[];
  close(): Promise<void>;
};

/** A replica that takes longer than this to connect or answer fails the read (the lag check then takes it out). */
const REPLICA_TIMEOUT_MS = 5000;

export async function openNodeDatabase(
  config: Config,
  files: MigrationFile[] = readSchemaFiles(),
  log: Logger = consoleJsonLogger(config.LOG_LEVEL),
): Promise<NodeDatabase> {
  if (config.DATABASE_URL) {
    const migrated = await migratePostgres(config.DATABASE_URL, files);
    const pool = createPgPool(config.DATABASE_URL, config.DB_POOL_MAX, undefined, connectionLost(log, 'primary'));
    const db = pgDbOver(pool, { preparedStatements: config.DB_PREPARED_STATEMENTS });
    const opened = await openReplicas(config, { db, pool }, log);
    const replicas = opened?.replicas;
    return {
      db,
      mode: 'postgres',
      location: redact(config.DATABASE_URL),
      migrated,
      replicas,
      pools: () => [poolStats('primary', config.DB_POOL_MAX, pool), ...(opened?.pools() ?? [])],
      close: async () => {
        await replicas?.close();
        await db.destroy();
      },
    };
  }
  if (config.DATABASE_REPLICA_URLS.length) {
    throw new ConfigError(['DATABASE_REPLICA_URLS: replicas need their primary in DATABASE_URL (the embedded database has none)']);
  }
  const unlock = lockDataDir(config.DATA_DIR);
  try {
    const dataDir = join(config.DATA_DIR, 'pgdata');
    const { db, pglite } = await openPglite({ dataDir });
    const migrated = await migrate(pgliteSession(pglite), files);
    return {
      db,
      mode: 'embedded',
      location: dataDir,
      migrated,
      pools: () => {
        const inUse = pglite.closed ? 0 : Number(pglite.isInTransaction());
        return [{ pool: 'embedded', max: 1, inUse, idle: 1 - inUse }];
      },
      close: async () => {
        try {
          await db.destroy();
        } finally {
          unlock();
        }
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
}

/** The replicas, and their pools for the metrics; undefined without DATABASE_REPLICA_URLS. */
async function openReplicas(config: Config, primary: { db: Db; pool: pg.Pool }, log: Logger) {
  if (!config.DATABASE_REPLICA_URLS.length) return undefined;
  const pools = config.DATABASE_REPLICA_URLS.map((url) => ({
    name: redact(url),
    pool: createPgPool(url, config.REPLICA_POOL_MAX, REPLICA_TIMEOUT_MS, connectionLost(log, `replica ${redact(url)}`)),
  }));
  const replicas: ReadReplicas = new ReadReplicas(
    primary.db,
    pools.map(({ name, pool }) => ({
      name,
      db: pgDbOver(pool, {
        preparedStatements: config.DB_PREPARED_STATEMENTS,
        // A read the replica fails under is answered by the primary; one it is down for takes it out until a check finds it well.
        fallback: { primary: primary.pool, onDown: (error) => replicas.markFailed(name, error.message || 'failed a read') },
      }),
      // The checks ask the replica itself (over the same pool; closing `db` ends it).
      probe: pgDbOver(pool),
    })),
    {
      maxLagMs: config.REPLICA_MAX_LAG_MS,
      checkIntervalMs: config.REPLICA_CHECK_INTERVAL_MS,
      onChange: ({ replica, serving, reason }) =>
        log[serving ? 'info' : 'warn']({ replica, serving, reason }, serving ? 'replica serves reads' : 'replica serves no reads'),
    },
  );
  // The first measurement is awaited, so reads may go to a replica from the first request.
  await replicas.start();
  return { replicas, pools: () => pools.map(({ name, pool }) => poolStats(`replica ${name}`, config.REPLICA_POOL_MAX, pool)) };
}

export async function migratePostgres(url: string, files: MigrationFile[] = readSchemaFiles()): Promise<string[]> {
  const pool = createPgPool(url, 1);
  const client = await pool.connect();
  try {
    return await migrate(pgClientSession(client), files);
  } finally {
    client.release();
    await pool.end();
  }
}

export async function manifestOf(files: MigrationFile[]) {
  return Promise.all(files.map(async (f) => ({ name: f.name, checksum: await checksumOf(f) })));
}

function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

/** node-pg's pool counts: in use = opened − idle; waiting = queries queued for a connection. */
function poolStats(name: string, max: number, pool: pg.Pool): PoolStats {
  return { pool: name, max, inUse: pool.totalCount - pool.idleCount, idle: pool.idleCount, waiting: pool.waitingCount };
}

/** A database connection broke (a restart, a terminated backend): the pool replaces it; the log says so. */
function connectionLost(log: Logger, pool: string) {
  return (error: Error) => log.warn({ pool, err: error }, 'database connection lost');
}
