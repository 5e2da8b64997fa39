import { Kysely, PostgresDialect, type PostgresPool } from 'kysely';
import pg from 'pg';
import { preparingPool } from './prepared-statements.js';
import { replicaWithFallback } from './replica-fallback.js';
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

export function createPgPool(
  connectionString: string,
  max: number,
  timeoutMs?: number,
  /** Told of each connection that breaks (the service logs it). */
  onConnectionError: (error: Error) => void = () => {},
): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    types: types as pg.CustomTypesConfig,
    ...(timeoutMs === undefined ? {} : { connectionTimeoutMillis: timeoutMs, query_timeout: timeoutMs }),
  });
  // A connection that breaks (a server restart, a terminated backend) emits 'error' on its client, and
  // on the pool when the client was idle. Nothing is lost to these: the query in flight fails with the
  // error itself, and the pool drops the client. But an 'error' event nobody listens to ends the process,
  // so both are listened to, and told to the caller. A client that was idle reports it twice.
  pool.on('error', (error) => onConnectionError(error));
  pool.on('connect', (client) => client.on('error', (error) => onConnectionError(error)));
  return pool;
}

export function createPgDb(connectionString: string, max = 10, options: PgDbOptions = {}): Kysely<Database> {
  return pgDbOver(createPgPool(connectionString, max, options.timeoutMs), options);
}

export type PgDbOptions = {
  /** Named prepared statements per connection (db/prepared-statements.ts); off for one-request connections and for poolers that cannot follow them. */
  preparedStatements?: boolean;
  /** Give up connecting or waiting for an answer after this long (replicas: a standby that went away must not hang a read). */
  timeoutMs?: number;
  /** A replica's: reads it fails under run on this primary instead (db/replica-fallback.ts). */
  fallback?: { primary: pg.Pool; onDown(error: Error): void };
};

/** Kysely over a pool the caller keeps (the Node service reads its counts for the metrics). */
export function pgDbOver(pool: pg.Pool, options: PgDbOptions = {}): Kysely<Database> {
  const withStatements = (p: pg.Pool): PostgresPool => (options.preparedStatements ? preparingPool(p) : p);
  const { fallback } = options;
  const chosen = fallback
    ? replicaWithFallback(withStatements(pool), withStatements(fallback.primary), fallback.onDown)
    : withStatements(pool);
  return new Kysely<Database>({ dialect: new PostgresDialect({ pool: chosen }) });
}

export const PG_PARSERS = { [OID_INT8]: asText, [OID_DATE]: asText, [OID_NUMERIC]: asText };
