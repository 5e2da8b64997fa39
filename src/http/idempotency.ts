import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../core/errors.js';
import { sha256Hex } from '../lib/canonical.js';
import type { AppEnv } from './env.js';

/**
 * Idempotency-Key on POST: the same key and body replays the first answer; the same key with another
 * body (or while the first is still running) is 409. Only successful answers are kept, so a caller
 * may fix a refused request and retry under the same key. Keys are scoped to the caller.
 *
 * The key is claimed before the verb runs and filled after it commits; a crash in between leaves the
 * key claimed (409), never a double write. Every POST route gets this through route() in router.ts,
 * except those that declare `idempotency: 'own'` (the ledger keeps its key inside the posting's
 * transaction, where money needs the stronger guarantee).
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new DomainError('VALIDATION', 'Idempotency-Key: 1–200 visible ASCII characters', {
        errors: [{ path: 'Idempotency-Key', message: 'invalid header value' }],
      });
    }
    const db = c.get('db');
    const actor = c.get('actor')?.sub ?? 'anonymous';
    const path = new URL(c.req.url).pathname;
    const bodyHash = await sha256Hex(await c.req.text());
    const claimed = await db
      .insertInto('public.idempotency_keys')
      .values({ actor, key, method: 'POST', path, body_hash: bodyHash, status: null, response: null })
      .onConflict((oc) => oc.doNothing())
      .returning('key')
      .executeTakeFirst();
    if (!claimed) {
      const first = await db
        .selectFrom('public.idempotency_keys')
        .selectAll()
        .where('actor', '=', actor)
        .where('key', '=', key)
        .executeTakeFirstOrThrow();
      if (first.path !== path || first.body_hash !== bodyHash) {
        throw new DomainError('CONFLICT', 'this Idempotency-Key was already used with a different request');
      }
      if (first.status === null) throw new DomainError('CONFLICT', 'a request with this Idempotency-Key is still being processed');
      c.header('Idempotency-Replayed', 'true');
      return c.json(first.response as object, first.status as 200);
    }
    try {
      await next();
    } finally {
      const res = c.res;
      if (res.status >= 200 && res.status < 300 && !c.error) {
        const body: unknown = await res
          .clone()
          .json()
          .catch(() => null);
        await db
          .updateTable('public.idempotency_keys')
          .set({ status: res.status, response: JSON.stringify(body) })
          .where('actor', '=', actor)
          .where('key', '=', key)
          .execute();
      } else {
        await db.deleteFrom('public.idempotency_keys').where('actor', '=', actor).where('key', '=', key).execute();
      }
    }
  };
}
