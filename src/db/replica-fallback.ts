import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * A replica's pool that hands a read to the primary when the replica fails under it. The read is a
 * SELECT outside any transaction (what read routing sends to a replica), so running it again on the
 * primary is safe and gives the client its answer, fresher if anything.
 *
 * What happened decides what follows (`replicaTrouble`):
 * - the replica is down: it cannot be reached, its connection broke in the middle of the query, or it is
 *   shutting down. The read goes to the primary and the failure is reported (`onDown`), so the replica
 *   is taken out at once rather than at its next check;
 * - the replica is busy: no connection came free in time, or it cancelled the query for a conflict with
 *   recovery. The read goes to the primary; the replica stays in service (the lag check judges it);
 * - anything else (an error of the query itself, a query that ran past its timeout) is passed on.
 *
 * Inside a transaction nothing is retried (its earlier statements ran on the replica), though a replica
 * that is down is still reported; a cursor (a stream part-read) is never retried.
 */
export function replicaWithFallback(replica: PostgresPool, primary: PostgresPool, onDown: (error: Error) => void): PostgresPool {
  return {
    connect: async () => {
      try {
        return fallingBackClient(await replica.connect(), primary, onDown);
      } catch (error) {
        const trouble = replicaTrouble(error);
        if (!trouble) throw error;
        if (trouble === 'down') onDown(error as Error);
        return primary.connect();
      }
    },
    end: () => replica.end(),
  };
}

function fallingBackClient(client: PostgresPoolClient, primary: PostgresPool, onDown: (error: Error) => void): PostgresPoolClient {
  let inTransaction = false;
  let broken = false;
  const query = async (statement: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) => {
    if (typeof statement !== 'string') return client.query(statement as never);
    if (TRANSACTION_START.test(statement)) inTransaction = true;
    try {
      return await client.query(statement, parameters as unknown[]);
    } catch (error) {
      const trouble = replicaTrouble(error);
      if (!trouble) throw error;
      if (trouble === 'down') {
        broken = true;
        onDown(error as Error);
      }
      if (inTransaction) throw error;
      const standIn = await primary.connect();
      try {
        return await standIn.query(statement, parameters as unknown[]);
      } finally {
        standIn.release();
      }
    } finally {
      if (TRANSACTION_END.test(statement)) inTransaction = false;
    }
  };
  return {
    query: query as unknown as PostgresPoolClient['query'],
    // A connection that broke is not given back to the pool for the next read.
    release: () => (client.release as (destroy?: boolean) => void)(broken),
  };
}

const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
/** COMMIT, END or ROLLBACK, but not ROLLBACK TO a savepoint (the transaction goes on). */
const TRANSACTION_END = /^\s*(commit|end)\b|^\s*rollback\b(?!\s+to\b)/i;

/** Socket errors of a server that is not there or went away. */
const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whose trouble a failed replica read is: 'down' (a connection exception 08…, but not 08P01, a protocol
 * violation of the query's own making; a shutdown or a server still starting, 57P01–57P03; a socket
 * error; a connection closed under the query), 'busy' (the pool gave no connection in time; a query
 * cancelled for a conflict with recovery, 40001 on a standby), or null: the query's own.
 */
export function replicaTrouble(error: unknown): 'down' | 'busy' | null {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : '';
  if (typeof code === 'string') {
    if (UNREACHABLE.has(code)) return 'down';
    if ((code.startsWith('08') && code !== '08P01') || code === '57P01' || code === '57P02' || code === '57P03') return 'down';
    if (code === '40001') return 'busy';
    return null;
  }
  if (/^Connection terminated/.test(text)) return 'down';
  if (/timeout exceeded when trying to connect/.test(text)) return 'busy';
  return null;
}
