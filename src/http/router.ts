import { createRoute, OpenAPIHono, type RouteConfig } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import type { Actor, ActorCtx } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import { requireActor } from '../core/policy.js';
import type { Db } from '../db/types.js';
import type { AppEnv } from './env.js';
import { idempotency } from './idempotency.js';
import { type FieldProblem, fieldPath, type Place, plainMessage, sentence } from './validation-messages.js';

const PLACE = { json: 'body', query: 'query', param: 'path', header: 'header', form: 'body', cookie: 'cookie' } as const;

/** How many problems the detail sentence names (the errors array, capped in errors.ts, lists more). */
const PROBLEMS_IN_DETAIL = 5;

/**
 * A feature router whose failed validation answers 400 problem+json naming each field and why, in
 * plain words (validation-messages.ts). A list over its bound is 413: the request is too large.
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const where: Place = PLACE[result.target as keyof typeof PLACE] ?? 'body';
      // zod-validator hands the hook the input it validated (not in the declared type): it tells a missing field from a wrong one.
      const input = (result as { data?: unknown }).data;
      const errors: FieldProblem[] = result.error.issues.map((issue) => ({
        path: fieldPath(issue, where),
        in: where,
        message: plainMessage(issue, input),
      }));
      const named = errors.slice(0, PROBLEMS_IN_DETAIL).map(sentence);
      if (errors.length > PROBLEMS_IN_DETAIL) named.push(`and ${errors.length - PROBLEMS_IN_DETAIL} more`);
      const tooLong = result.error.issues.some((issue) => issue.code === 'too_big' && issue.origin === 'array');
      throw new DomainError(tooLong ? 'LIMIT_EXCEEDED' : 'VALIDATION', named.join('; '), { errors });
    },
  });
}

/** The acting context of a request, for verbs (which never see Hono's context). */
export function ctxOf(c: Context<AppEnv>): ActorCtx {
  return { actor: requireActor({ actor: c.get('actor') }), clock: c.get('deps').clock, requestId: c.get('requestId') };
}

/**
 * Object authorisation as route middleware: the check runs on the path's `id` before the body is
 * validated, so a stranger learns nothing from validation messages.
 */
export function guard(check: (db: Db, actor: Actor, id: string) => Promise<unknown>): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    await check(c.get('db'), requireActor({ actor: c.get('actor') }), c.req.param('id') ?? '');
    await next();
  };
}

const replayable = idempotency();

/**
 * A route definition (createRoute plus our conventions): every POST accepts an Idempotency-Key and
 * replays the first answer; a route that keeps its key inside its own transaction says
 * `idempotency: 'own'` and gets no generic handling.
 */
export function route<R extends RouteConfig>(config: R & { idempotency?: 'own' }): R & { getRoutingPath(): string } {
  const { idempotency: mode, ...rest } = config;
  if (rest.method !== 'post' || mode === 'own') return createRoute(rest as R);
  return createRoute({ ...rest, middleware: [replayable, ...[rest.middleware ?? []].flat()] } as R);
}

/**
 * A JSON answer whose exact bytes matter (they are signed): sent as the text given, not re-serialised.
 * Typed as never so a route declared with a JSON schema accepts it; tests still check it against that schema.
 */
export function exactJson(c: Context<AppEnv>, text: string, headers: Record<string, string> = {}): never {
  return c.body(text, 200, { 'Content-Type': 'application/json; charset=utf-8', ...headers }) as never;
}
