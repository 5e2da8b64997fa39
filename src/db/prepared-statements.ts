import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/**
 * Runs each distinct statement text as a named prepared statement on the connection that first sees
 * it, so PostgreSQL plans it once per connection instead of on every execution. For the reads the
 * public hits hardest, planning costs more than executing (the public profile: ~0.5 ms of planning for
 * ~0.25 ms of execution on an indexed lookup); prepared, it costs what a bare select does.
 *
 * Bounded, because statement texts are not all alike: a connection prepares at most
 * MAX_PREPARED_PER_CONNECTION texts and then runs further new ones unnamed, and a statement with more
 * than MAX_PREPARED_PARAMETERS parameters (a multi-row insert, a long IN list: texts that vary with their
 * data) is never prepared. Preparing adds no round trip: Parse travels with Bind and Execute.
 *
 * Not for a pooler in transaction mode that cannot follow prepared statements (PgBouncer before 1.21,
 * or 1.21+ without max_prepared_statements): set DB_PREPARED_STATEMENTS=false there.
 */
export const MAX_PREPARED_PER_CONNECTION = 256;
export const MAX_PREPARED_PARAMETERS = 64;

export function preparingPool(pool: pg.Pool): PostgresPool {
  return {
    connect: async () => {
      const client = await pool.connect();
      let state = prepared.get(client);
      if (!state) {
        state = { names: new Map(), next: 1 };
        prepared.set(client, state);
      }
      return preparingClient(client, state);
    },
    end: () => pool.end(),
  };
}

/** Per connection (one map for the process, so two wrappers over one pool never hand out one name twice). */
type ConnectionStatements = { names: Map<string, string>; next: number };
const prepared = new WeakMap<pg.PoolClient, ConnectionStatements>();

/**
 * The server no longer has the statement as prepared: a migration changed the columns of a table it
 * reads (0A000, "cached plan must not change result type": an older process during a rolling deploy), or
 * someone ran DISCARD ALL / DEALLOCATE on the session (26000). The statement is forgotten and run once
 * unnamed; its next use prepares it afresh under a new name.
 */
const STALE_STATEMENT = new Set(['0A000', '26000']);

function preparingClient(client: pg.PoolClient, state: ConnectionStatements): PostgresPoolClient {
  const query = (statement: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) => {
    if (typeof statement !== 'string') return client.query(statement as unknown as pg.Submittable);
    const values = [...(parameters ?? [])];
    let name = state.names.get(statement);
    if (name === undefined && state.names.size < MAX_PREPARED_PER_CONNECTION && values.length <= MAX_PREPARED_PARAMETERS) {
      name = `registry_${state.next++}`;
      state.names.set(statement, name);
    }
    if (name === undefined) return client.query(statement, values);
    const named = name;
    return client.query({ name: named, text: statement, values }).catch(async (error: { code?: string }) => {
      if (!STALE_STATEMENT.has(error.code ?? '')) throw error;
      state.names.delete(statement);
      forgetParsed(client, named);
      await client.query(`DEALLOCATE ${named}`).catch(() => {}); // gone already, or the transaction is aborted
      return client.query(statement, values);
    });
  };
  // `release(true)` destroys the connection instead of pooling it (a replica connection that failed a read).
  return {
    query: query as unknown as PostgresPoolClient['query'],
    release: ((destroy?: boolean) => client.release(destroy)) as () => void,
  };
}

/** node-pg remembers which names it parsed on a connection and would skip the Parse of a forgotten one. */
function forgetParsed(client: pg.PoolClient, name: string) {
  const connection = (client as unknown as { connection?: { parsedStatements?: Record<string, string> } }).connection;
  if (connection?.parsedStatements) delete connection.parsedStatements[name];
}
