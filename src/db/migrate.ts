import { sha256Hex } from '../lib/canonical.js';

/**
 * Applies the numbered SQL files of schema/ in order, one transaction per file, recording each with
 * its checksum. A file edited after it was applied stops everything: landed migrations are frozen.
 * An advisory lock makes two processes starting together take turns instead of racing.
 */
export interface MigrationFile {
  name: string;
  sql: string;
}

/** The little a runner needs from a connection; pg and PGlite each provide one (see sessions.ts). */
export interface SqlSession {
  /** Runs a script that may hold many statements. */
  exec(script: string): Promise<void>;
  query<T>(text: string, params?: unknown[]): Promise<T[]>;
}

export class MigrationError extends Error {}

const LOCK_KEY = 7_245_001; // arbitrary, fixed: the migration lock of this application
const LEDGER = `CREATE TABLE IF NOT EXISTS public.schema_migrations (
  name text PRIMARY KEY, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`;

export async function checksumOf(file: MigrationFile): Promise<string> {
  return sha256Hex(file.sql);
}

export type MigrationStatus = { applied: string[]; pending: string[] };

/** Compares the database with the files; throws on an edited or vanished file. */
export async function migrationStatus(session: SqlSession, files: MigrationFile[]): Promise<MigrationStatus> {
  const exists = await session.query<{ t: string | null }>(`SELECT to_regclass('public.schema_migrations')::text AS t`);
  const rows = exists[0]?.t
    ? await session.query<{ name: string; checksum: string }>('SELECT name, checksum FROM public.schema_migrations')
    : [];
  const recorded = new Map(rows.map((r) => [r.name, r.checksum]));
  const byName = new Map(files.map((f) => [f.name, f]));
  for (const [name, checksum] of recorded) {
    const file = byName.get(name);
    if (!file) throw new MigrationError(`migration ${name} was applied but its file is missing from schema/`);
    const now = await checksumOf(file);
    if (now !== checksum) {
      throw new MigrationError(
        `migration ${name} was changed after it was applied (recorded checksum ${checksum.slice(0, 12)}…, ` +
          `file now ${now.slice(0, 12)}…); applied migrations are frozen: add a new file instead`,
      );
    }
  }
  return {
    applied: files.filter((f) => recorded.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !recorded.has(f.name)).map((f) => f.name),
  };
}

export async function migrate(session: SqlSession, files: MigrationFile[]): Promise<string[]> {
  const ordered = [...files].sort((a, b) => a.name.localeCompare(b.name));
  await session.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
  try {
    await session.exec(LEDGER);
    const { pending } = await migrationStatus(session, ordered);
    for (const name of pending) {
      const file = ordered.find((f) => f.name === name)!;
      const checksum = await checksumOf(file);
      await session.exec('BEGIN');
      try {
        await session.exec(file.sql);
        await session.query('INSERT INTO public.schema_migrations (name, checksum) VALUES ($1, $2)', [name, checksum]);
        await session.exec('COMMIT');
      } catch (error) {
        await session.exec('ROLLBACK');
        throw new MigrationError(`migration ${name} failed: ${(error as Error).message}`);
      }
    }
    return pending;
  } finally {
    await session.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]);
  }
}
