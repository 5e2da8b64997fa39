import { PGlite } from '@electric-sql/pglite';
import { Kysely } from 'kysely';
import { PGliteDialect } from 'kysely-pglite-dialect';
import { PG_PARSERS } from './pg.js';
import type { Database } from './types.js';

/** Embedded PostgreSQL for the laptop and the tests. Node only: the Worker bundle never imports it. */
export async function openPglite(options: { dataDir?: string; loadDataDir?: Blob }): Promise<{
  db: Kysely<Database>;
  pglite: PGlite;
}> {
  const pglite = await PGlite.create({
    dataDir: options.dataDir,
    loadDataDir: options.loadDataDir,
    parsers: PG_PARSERS,
  });
  await pglite.exec(`SET TIME ZONE 'UTC'`);
  const db = new Kysely<Database>({ dialect: new PGliteDialect(pglite) });
  return { db, pglite };
}
