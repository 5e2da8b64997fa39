import type { SqlSession } from '../../src/db/migrate.js';
import { createPgPool } from '../../src/db/pg.js';
import { openPglite } from '../../src/db/pglite.js';
import { pgClientSession, pgliteSession } from '../../src/db/sessions.js';
import { onPostgres } from './harness.js';
import { adminPool, databaseUrl, dropDatabase } from './pg-admin.js';

/** A database with nothing in it (not even the schema), for migration tests, on either engine. */
export async function openEmptyDatabase(): Promise<{ session(): Promise<SqlSession>; close(): Promise<void> }> {
  if (!onPostgres) {
    const { pglite } = await openPglite({});
    return { session: async () => pgliteSession(pglite), close: () => pglite.close() };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `registry_e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = adminPool(base);
  await admin.query(`CREATE DATABASE ${name}`);
  const pool = createPgPool(databaseUrl(base, name), 10);
  const clients: { release(): void }[] = [];
  return {
    session: async () => {
      const client = await pool.connect();
      clients.push(client);
      return pgClientSession(client);
    },
    close: async () => {
      for (const c of clients) c.release();
      await pool.end();
      await dropDatabase(admin, name);
      await admin.end();
    },
  };
}
