import type { Context } from 'hono';
import { fromLoopback } from './client-address.js';
import { problemResponse } from './errors.js';

/**
 * Who may read GET /metrics: it names routes, endpoints and backlog sizes, nothing about a subject, but
 * it is still not for everyone. With METRICS_TOKEN set, a request carrying it as a bearer token (a
 * scraper anywhere); without it, a client on this machine only (a scraper or agent beside the service), and not one a proxy forwarded.
 * Null when the request may read them, else the answer to give.
 */
export function metricsRefusal(c: Context, token: string | undefined): Response | null {
  if (token === undefined) {
    // A reverse proxy on this machine makes every client look local; a request it forwarded says so.
    const forwarded = ['Forwarded', 'X-Forwarded-For', 'X-Real-IP'].some((name) => c.req.header(name) !== undefined);
    if (fromLoopback(c) && !forwarded) return null;
    return problemResponse(c, 403, 'Not allowed', 'metrics are served to this machine only; set METRICS_TOKEN to scrape from elsewhere', {
      code: 'FORBIDDEN',
    });
  }
  const given = /^Bearer (.+)$/.exec(c.req.header('Authorization') ?? '')?.[1];
  if (given !== undefined && sameSecret(given, token)) return null;
  c.header('WWW-Authenticate', 'Bearer realm="metrics"');
  return problemResponse(c, 401, 'Authentication required', 'send the metrics token as Authorization: Bearer <METRICS_TOKEN>', {
    code: 'UNAUTHENTICATED',
  });
}

/** Compares in time that depends on the length only, so the token cannot be guessed a character at a time. */
function sameSecret(given: string, expected: string): boolean {
  if (given.length !== expected.length) return false;
  let difference = 0;
  for (let i = 0; i < given.length; i++) difference |= given.charCodeAt(i) ^ expected.charCodeAt(i);
  return difference === 0;
}
