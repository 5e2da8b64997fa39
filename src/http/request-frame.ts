import type { MiddlewareHandler } from 'hono';
import type { LogFields, Logger } from '../core/logger.js';
import { newId } from '../lib/ids.js';
import type { AppDeps, AppEnv } from './env.js';
import { routePattern } from './observe.js';

/** A caller's X-Request-Id is kept when it looks like an id (to follow a request across systems). */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/**
 * The first middleware, and the only one every request passes through: it gives the request its id
 * (X-Request-Id), its logger (every line carries the id), its dependencies and database handle, and
 * times it for GET /metrics and the access log (LOG_REQUESTS). The time is to the response head: a
 * streamed export's body is still on its way then.
 *
 * One middleware rather than one per concern: on the one-query reads each extra async layer was a
 * measurable share of what the app costs beyond its floor (BENCHMARKS.md).
 */
export function requestFrame(deps: AppDeps): MiddlewareHandler<AppEnv> {
  const { log, metrics, database } = deps;
  const accessLog = deps.config.LOG_REQUESTS;
  return async (c, next) => {
    const started = performance.now();
    const given = c.req.header('X-Request-Id');
    const id = given && SANE_REQUEST_ID.test(given) ? given : newId('request');
    c.set('requestId', id);
    c.header('X-Request-Id', id);
    const requestLog = lazyChild(log, { requestId: id });
    c.set('log', requestLog);
    c.set('deps', deps);
    const handle = await database.acquire();
    c.set('db', handle.db);
    c.set('readDb', handle.db);
    try {
      await next();
    } finally {
      await handle.release();
    }
    if (!metrics && !accessLog) return;
    const ms = performance.now() - started;
    const sample = { method: c.req.method, route: routePattern(c), status: c.res.status, seconds: ms / 1000 };
    metrics?.observeRequest(sample);
    if (accessLog)
      requestLog.info({ method: sample.method, route: sample.route, status: sample.status, ms: Math.round(ms * 10) / 10 }, 'request');
  };
}

/**
 * A child logger made on its first line: most requests log nothing, and making a pino child for each
 * (it serialises the bindings) was paid on every read.
 */
export function lazyChild(parent: Logger, bindings: LogFields): Logger {
  let child: Logger | undefined;
  const made = () => {
    child ??= parent.child(bindings);
    return child;
  };
  return {
    error: (fields, message) => made().error(fields, message),
    warn: (fields, message) => made().warn(fields, message),
    info: (fields, message) => made().info(fields, message),
    debug: (fields, message) => made().debug(fields, message),
    child: (more) => made().child(more),
  };
}
