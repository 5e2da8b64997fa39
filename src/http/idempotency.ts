import type { Context, MiddlewareHandler } from 'hono';
import type { Actor } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import { sha256Hex } from '../lib/canonical.js';
import type { AppEnv } from './env.js';

/**
 * Idempotency-Key on POST: the same key and body replays the first answer; the same key with another
 * body (or while the first is still running) is 409. Only successful answers are kept, so a caller
 * may fix a refused request and retry under the same key. Keys are scoped to the caller: its role and
 * sub together, so one person acting under two roles has two sets of keys.
 *
 * The key is claimed before the verb runs and filled after it commits. A claim is a lease
 * (IDEMPOTENCY_LEASE_SECONDS): a request that dies in between (a crash, kill -9) leaves its key
 * claimed only until the lease lapses; a retry after that takes the key over and runs again. A write
 * that committed before the crash then meets its own uniqueness rules (a second subject with the same
 * code is 409), so the retry never doubles it silently. Every POST route gets this through route() in
 * router.ts, except those that declare `idempotency: 'own'` (the ledger keeps its key inside the
 * posting's transaction, where money needs the stronger guarantee).
 */
export function idempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!/^[\x21-\x7e]{1,200}$/.test(key)) {
      throw new DomainError('VALIDATION', 'the Idempotency-Key header must be 1–200 visible ASCII characters', {
        errors: [{ path: 'Idempotency-Key', in: 'header', message: 'must be 1–200 visible ASCII characters' }],
      });
    }
    return once(c, next, key, FOR_API);
  };
}

/** How a repeat is answered while, or after, the first request with its key ran. */
type RepeatPolicy = {
  /** How long a repeat waits for a first request still running, to replay its answer (0: refuse at once). */
  waitMs: number;
  changed: string;
  running: (leaseUntil: Date) => string;
};

const FOR_API: RepeatPolicy = {
  waitMs: 0,
  changed: 'this Idempotency-Key was already used with a different request',
  running: (leaseUntil) =>
    `a request with this Idempotency-Key is still being processed; if it was interrupted, retry after ${leaseUntil.toISOString()}`,
};

/** A double click sends the second post while the first still runs: it waits and follows the first's redirect. */
const FOR_FORMS: RepeatPolicy = {
  waitMs: 10_000,
  changed: '这张表单已经提交过，这次的内容与第一次不同。请重新打开页面后再填写提交。',
  running: () => '这张表单的第一次提交仍在处理中，请稍后刷新页面查看结果，不要重复提交。',
};

/** The hidden field that carries a page form's key (forms.tsx draws it). */
export const FORM_KEY_FIELD = '_once';

/**
 * The same for the pages: a form carries its own key in a hidden field, drawn with the form, so a
 * second submission of it (a double click, a reload of a slow answer) follows the first one's redirect
 * instead of writing twice. A refused submission keeps no key, so the corrected form goes through.
 */
export function formIdempotency(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const type = c.req.header('Content-Type') ?? '';
    if (c.req.method !== 'POST' || !/^(application\/x-www-form-urlencoded|multipart\/form-data)/.test(type)) return next();
    const key = (await c.req.parseBody())[FORM_KEY_FIELD];
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key)) return next();
    return once(c, next, `form:${key}`, FOR_FORMS);
  };
}

/** Runs the request once per (caller, key): claim, run, keep a success; replay it to a repeat. */
async function once(c: Context<AppEnv>, next: () => Promise<void>, key: string, policy: RepeatPolicy): Promise<Response | undefined> {
  const db = c.get('db');
  const { clock, config } = c.get('deps');
  const actor = keyScope(c.get('actor'));
  const path = new URL(c.req.url).pathname;
  const bodyHash = await sha256Hex(await c.req.text());
  // Names this request as the holder of the key; only the holder stores the answer or gives the key back.
  const claim = crypto.randomUUID();
  const now = clock.now();
  const leaseUntil = new Date(now.getTime() + config.IDEMPOTENCY_LEASE_SECONDS * 1000);
  const claimed = await db
    .insertInto('public.idempotency_keys')
    .values({ actor, key, method: 'POST', path, body_hash: bodyHash, status: null, response: null, claim, lease_until: leaseUntil })
    .onConflict((oc) => oc.doNothing())
    .returning('key')
    .executeTakeFirst();
  if (!claimed) {
    let first = await readKey(db, actor, key);
    if (!first) throw new DomainError('CONFLICT', 'a request with this Idempotency-Key has just been refused; retry it');
    if (first.path !== path || first.body_hash !== bodyHash) throw new DomainError('CONFLICT', policy.changed);
    if (first.status === null && first.lease_until !== null && first.lease_until > now && policy.waitMs > 0) {
      first = await settled(db, actor, key, policy.waitMs);
      // The first was refused and gave its key back: this repeat runs as a request of its own.
      if (!first) return once(c, next, key, { ...policy, waitMs: 0 });
    }
    if (first.status !== null) return replay(c, first);
    if (first.lease_until !== null && first.lease_until > now) throw new DomainError('CONFLICT', policy.running(first.lease_until));
    // The holder's lease has lapsed (it died): take the key over, unless another retry just did.
    const taken = await db
      .updateTable('public.idempotency_keys')
      .set({ claim, lease_until: leaseUntil })
      .where('actor', '=', actor)
      .where('key', '=', key)
      .where('status', 'is', null)
      .where((eb) => eb.or([eb('lease_until', 'is', null), eb('lease_until', '<=', now)]))
      .returning('key')
      .executeTakeFirst();
    if (!taken) {
      const current = await readKey(db, actor, key);
      if (current && current.status !== null) return replay(c, current);
      throw new DomainError('CONFLICT', 'a request with this Idempotency-Key is still being processed');
    }
  }
  try {
    await next();
  } finally {
    const res = c.res;
    // A page's success is its redirect to what it made (post/redirect/get); its location is what a repeat follows.
    const redirect = res.status === 303 ? { location: res.headers.get('Location') } : null;
    if (((res.status >= 200 && res.status < 300) || redirect) && !c.error) {
      const body: unknown =
        redirect ??
        (await res
          .clone()
          .json()
          .catch(() => null));
      await db
        .updateTable('public.idempotency_keys')
        .set({ status: res.status, response: JSON.stringify(body), lease_until: null })
        .where('actor', '=', actor)
        .where('key', '=', key)
        .where('claim', '=', claim)
        .execute();
    } else {
      await db.deleteFrom('public.idempotency_keys').where('actor', '=', actor).where('key', '=', key).where('claim', '=', claim).execute();
    }
  }
}

/**
 * Whose keys these are: the whole identity a token asserts (role, sub, and the department or subject
 * it acts for), so a replay never hands one department's or one subject's answer to another token,
 * whatever sub the identity provider reuses.
 */
export function keyScope(actor: Actor | undefined): string {
  // JSON, not a joined string: a sub may itself contain the separator.
  return actor ? JSON.stringify([actor.role, actor.sub, actor.dept ?? null, actor.uscc ?? null]) : 'anonymous';
}

/** Waits (up to waitMs) for the first request with a key to finish: its stored answer, or undefined when it was refused. */
async function settled(db: AppEnv['Variables']['db'], actor: string, key: string, waitMs: number) {
  const until = Date.now() + waitMs;
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    const row = await readKey(db, actor, key);
    if (!row || row.status !== null || Date.now() >= until) return row;
  }
}

function readKey(db: AppEnv['Variables']['db'], actor: string, key: string) {
  return db.selectFrom('public.idempotency_keys').selectAll().where('actor', '=', actor).where('key', '=', key).executeTakeFirst();
}

function replay(c: Context<AppEnv>, first: { status: number | null; response: unknown }) {
  c.header('Idempotency-Replayed', 'true');
  if (first.status === 303) return c.redirect((first.response as { location: string }).location, 303);
  return c.json(first.response as object, first.status as 200);
}
