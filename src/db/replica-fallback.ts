import type { PostgresCursor, PostgresPool, PostgresPoolClient } from 'kysely';

/**
 * A replica's pool that hands a read to the primary when the replica fails under it: it cannot be
 * reached, its connection breaks in the middle of a query, it is shutting down, or it cancelled the
 * query for a conflict with recovery. The read is a SELECT outside any transaction (what read routing
 * sends to a replica), so running it again on the primary is safe and gives the client its answer,
 * fresher if anything. The failure is reported (`onFailure`) so the replica is taken out of service
 * at once, not only at its next check.
 *
 * An error of the query itself (a constraint, a type, a syntax error) is not the replica's fault and is
 * passed on. A failure inside a transaction is reported but not retried (the transaction's earlier
 * statements ran on the replica), and a cursor (a stream part-read) is never retried.
 */
export function replicaWithFallback(replica: PostgresPool, primary: PostgresPool, onFailure: (error: Error) => void): PostgresPool {
  return {
    connect: async () => {
      try {
        return fallingBackClient(await replica.connect(), primary, onFailure);
      } catch (error) {
        if (!isReplicaFailure(error)) throw error;
        onFailure(error as Error);
        return primary.connect();
      }
    },
    end: () => replica.end(),
  };
}

function fallingBackClient(client: PostgresPoolClient, primary: PostgresPool, onFailure: (error: Error) => void): PostgresPoolClient {
  let inTransaction = false;
  let broken = false;
  const query = async (statement: string | PostgresCursor<unknown>, parameters?: ReadonlyArray<unknown>) => {
    if (typeof statement !== 'string') return client.query(statement as never);
    if (TRANSACTION_START.test(statement)) inTransaction = true;
    try {
      return await client.query(statement, parameters as unknown[]);
    } catch (error) {
      if (!isReplicaFailure(error)) throw error;
      broken = true;
      onFailure(error as Error);
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
    // A connection that failed is not given back to the pool for the next read.
    release: () => (client.release as (destroy?: boolean) => void)(broken),
  };
}

const TRANSACTION_START = /^\s*(begin|start\s+transaction)\b/i;
const TRANSACTION_END = /^\s*(commit|rollback|end)\b/i;

/**
 * The replica, not the query, failed: no SQLSTATE at all (a socket error, a timeout, a connection
 * closed), a connection exception (08…), an operator or crash shutdown or a server still starting
 * (57P01–57P03), or a query cancelled for a conflict with recovery (40001 on a standby).
 */
export function isReplicaFailure(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code === '57P01' || code === '57P02' || code === '57P03' || code === '40001';
}
