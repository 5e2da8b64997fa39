import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared-statements.js';
import type { Database } from './types.js';

/**
 * node-pg type parsing, set per pool (not globally): dates of law stay 'YYYY-MM-DD' strings (the
 * default makes a local-time Date that serialises a day early east of UTC), and int8 and numeric stay
 * strings so fen amounts and discount rates never pass through a float. PGlite is given the same parsers (see pglite.ts).
 */
const OID_INT8 = 20;
const OID_DATE = 1082;
const OID_NUMERIC = 1700;
const asText = (value: string) => value;

const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === OID_INT8 || oid === OID_DATE || oid === OID_NUMERIC) return asText;
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

export function createPgPool(connectionString: string, max: number, timeoutMs?: number): pg.Pool {
  return new pg.Pool({
    connectionString,
    max,
    types: types as pg.CustomTypesConfig,
    ...(timeoutMs === undefined ? {} : { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs }),
  });
}

export function createPgDb(connectionString: string, max = 10, options: PgDbOptions = {}): Kysely<Database> {
  return pgDbOver(createPgPool(connectionString, max, options.timeoutMs), options);
}

export type PgDbOptions = {
  /** Named prepared statements per connection (db/prepared-statements.ts); off for one-request connections and for poolers that cannot follow them. */
  preparedStatements?: boolean;
  /** Give up connecting or waiting for an answer after this long (replicas: a standby that went away must not hang a read). */
  timeoutMs?: number;
};

/** Kysely over a pool the caller keeps (the Node service reads its counts for the metrics). */
export function pgDbOver(pool: pg.Pool, options: PgDbOptions = {}): Kysely<Database> {
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: options.preparedStatements ? preparingPool(pool) : pool }) });
}

export const PG_PARSERS = { [OID_INT8]: asText, [OID_DATE]: asText, [OID_NUMERIC]: asText };
