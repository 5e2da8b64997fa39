import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from './env.js';

/**
 * CORS for what a city portal's pages call from a browser: the public side (no token, read-only) and
 * the keys that verify status proofs. Nothing else answers a cross-origin browser: the token-holding
 * API is for servers and the registry's own pages. No credentials are ever allowed.
 */
const PUBLIC_PATHS = [/^\/api\/v1\/public\//, /^\/\.well-known\/jwks\.json$/];

export function publicCors(origins: '*' | string[]): MiddlewareHandler<AppEnv> {
  const handler = cors({ origin: origins, allowMethods: ['GET', 'HEAD'], maxAge: 600 });
  return (c, next) => (PUBLIC_PATHS.some((path) => path.test(c.req.path)) ? handler(c, next) : next());
}
