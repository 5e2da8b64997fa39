import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { parseLsn, type ReadReplicas } from '../db/replicas.js';
import type { Db } from '../db/types.js';
import type { AppEnv } from './env.js';

/**
 * With replicas configured (app.ts mounts this only then), sets `readDb` for each request: the handle
 * the lag-tolerant reads use (public profile, directory, published lists, exports, reports). It is a
 * replica that is healthy, within the lag bound and has replayed this client's last write; otherwise
 * the same handle as `db`, the primary. Everything else (writes, transactions, locks, idempotency, the
 * feed's commit-order read) uses `db` whatever happens here.
 *
 * Read-your-writes across processes: a successful write answers with the primary's WAL position in
 * the `X-Read-After` header and the `read_after` cookie; a client that sends either back (browsers do
 * so by themselves) reads from a replica only once that replica has replayed the position.
 * A GET or HEAD answer says where its lag-tolerant reads were sent (`X-Read-From: replica|primary`);
 * routes without such reads read the primary whatever it says.
 */
export const READ_AFTER_HEADER = 'X-Read-After';
export const READ_FROM_HEADER = 'X-Read-From';
const READ_AFTER_COOKIE = 'read_after';
const READS = new Set(['GET', 'HEAD']);
const UNREACHABLE_POSITION = 'FFFFFFFF/FFFFFFFF';

export function routeReads(replicas: ReadReplicas, maxLagMs: number): MiddlewareHandler<AppEnv> {
  // Once a replica is within the bound it holds everything older than the bound: the cookie need not outlive it.
  const cookieSeconds = Math.ceil(maxLagMs / 1000) + 5;
  return async (c, next) => {
    const reading = READS.has(c.req.method);
    const replica = reading ? replicas.pick(readAfter(c)) : undefined;
    c.set('readDb', replica ?? c.get('db'));
    await next();
    if (reading) c.header(READ_FROM_HEADER, replica ? 'replica' : 'primary');
    else if (c.req.method !== 'OPTIONS' && c.res.status < 400) {
      // Without the position the client's next reads could miss its write: send one no replica reaches.
      const lsn = await replicas.writePosition().catch(() => UNREACHABLE_POSITION);
      c.header(READ_AFTER_HEADER, lsn);
      setCookie(c, READ_AFTER_COOKIE, lsn, {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
        secure: new URL(c.get('deps').config.PUBLIC_URL ?? c.req.url).protocol === 'https:',
        maxAge: cookieSeconds,
      });
    }
  };
}

/**
 * A handle for a body streamed after the handler has returned (exports), when the request's own is
 * released: the replica picked for the request (its pool outlives the request), else one of its own.
 */
export async function acquireReadHandle(c: Context<AppEnv>): Promise<{ db: Db; release(): Promise<void> }> {
  const readDb = c.get('readDb');
  if (readDb !== c.get('db')) return { db: readDb, release: async () => {} };
  return c.get('deps').database.acquire();
}

/**
 * The position this client must read at or after: the later of the header and the cookie; null when
 * it sent neither. A malformed value cannot be honoured by any replica, so it reads the primary.
 */
function readAfter(c: Context<AppEnv>): bigint | null {
  let latest: bigint | null = null;
  for (const text of [c.req.header(READ_AFTER_HEADER), getCookie(c, READ_AFTER_COOKIE)]) {
    if (!text) continue;
    const lsn = parseLsn(text) ?? 2n ** 64n;
    if (latest === null || lsn > latest) latest = lsn;
  }
  return latest;
}
