import type { Context } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';

/** A finished request as the metrics count it: the route pattern, never the raw URL (bounded series). */
export type RequestSample = { method: string; route: string; status: number; seconds: number };

/** The Node service's metrics (runtime/metrics.ts, prom-client); the Worker has none and /metrics answers 404. */
export interface Metrics {
  observeRequest(sample: RequestSample): void;
  /** Everything in Prometheus text format, with the outbox read from the database at this scrape. */
  render(db: Db, clock: Clock): Promise<{ contentType: string; body: string }>;
}

/** The label of a request no route matched (a 404): one series for all of them. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * The route the request was for, as registered ('/api/v1/subjects/:uscc'): the last matched handler of
 * a method that is not middleware for every path (middleware is registered for every method, as 'ALL',
 * or for the write methods on every path, as '/*'). A request refused by a middleware before its
 * handler ran (401, 413) still counts under its route.
 */
export function routePattern(c: Context): string {
  const routes = matchedRoutes(c);
  for (let i = routes.length - 1; i >= 0; i--) {
    const route = routes[i]!;
    if (route.method !== 'ALL' && route.path !== '/*' && route.path !== '*') return route.path;
  }
  return UNMATCHED_ROUTE;
}
