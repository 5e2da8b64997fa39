import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';

/**
 * CORS for what a city portal's pages call from a browser: the public side (no token, read-only) and
 * the keys that verify status proofs. Nothing else answers a cross-origin browser: the token-holding
 * API is for servers and the registry's own pages. No credentials are ever allowed. The app mounts
 * this on PUBLIC_CORS_PATHS alone.
 */
export const PUBLIC_CORS_PATHS = ['/api/v1/public/*', '/.well-known/jwks.json'];

export function publicCors(origins: '*' | string[]): MiddlewareHandler<AppEnv> {
  const preflight = cors({ origin: origins, allowMethods: ['GET', 'HEAD'], maxAge: 600 });
  const allowed = (origin: string | undefined) => (origins === '*' ? '*' : origin && origins.includes(origin) ? origin : null);
  return async (c, next) => {
    if (c.req.method === 'OPTIONS') return preflight(c, next);
    // A simple request gets its header before the answer exists. hono/cors sets it on the response
    // object first, which makes @hono/node-server build a full Response for every answer instead of
    // writing the prepared one: most of what separated the public reads from their floor.
    const origin = allowed(c.req.header('Origin'));
    if (origin) c.header('Access-Control-Allow-Origin', origin);
    await next();
    if (origins !== '*') c.header('Vary', 'Origin', { append: true });
  };
}
