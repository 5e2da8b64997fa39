import { join } from 'node:path';
import type { Config } from '../config.js';
import { checksumOf, type MigrationFile, migrate } from '../db/migrate.js';
import { createPgDb, createPgPool } from '../db/pg.js';
import { openPglite } from '../db/pglite.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { pgClientSession, pgliteSession } from '../db/sessions.js';
import type { Db } from '../db/types.js';
import { lockDataDir } from './lockfile.js';

/** A migrated database for a Node process: PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export type NodeDatabase = { db: Db; mode: 'postgres' | 'embedded'; location: string; migrated: string[]; close(): Promise<void> };

export async function openNodeDatabase(config: Config, files: MigrationFile[] = readSchemaFiles()): Promise<NodeDatabase> {
  if (config.DATABASE_URL) {
    const migrated = await migratePostgres(config.DATABASE_URL, files);
    const db = createPgDb(config.DATABASE_URL, config.DB_POOL_MAX);
    return { db, mode: 'postgres', location: redact(config.DATABASE_URL), migrated, close: () => db.destroy() };
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
      close: async () => {
        await db.destroy();
        unlock();
      },
    };
  } catch (error) {
    unlock();
    throw error;
  }
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
