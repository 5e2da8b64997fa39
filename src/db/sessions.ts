import type { PGlite } from '@electric-sql/pglite';
import type pg from 'pg';
import type { SqlSession } from './migrate.js';

export function pgliteSession(pglite: PGlite): SqlSession {
  return {
    exec: async (script) => {
      await pglite.exec(script);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await pglite.query<T>(text, params)).rows,
  };
}

/** A session on one pooled client: the advisory lock and the transactions must share a connection. */
export function pgClientSession(client: pg.PoolClient | pg.Client): SqlSession {
  return {
    exec: async (script) => {
      await client.query(script);
    },
    query: async <T>(text: string, params: unknown[] = []) => (await client.query(text, params)).rows as T[],
  };
}
