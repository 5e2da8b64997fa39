import type { MiddlewareHandler } from 'hono';
import { newId } from '../lib/ids.js';
import type { AppEnv } from './env.js';

/** Keeps a caller's X-Request-Id when it is sane (to follow a request across systems), else mints one. */
export const requestId: MiddlewareHandler<AppEnv> = async (c, next) => {
  const given = c.req.header('X-Request-Id');
  const id = given && /^[A-Za-z0-9._:-]{8,128}$/.test(given) ? given : newId('request');
  c.set('requestId', id);
  c.header('X-Request-Id', id);
  await next();
};
