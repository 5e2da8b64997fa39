import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import type { Actor, Role } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import type { AppEnv } from '../http/env.js';

/**
 * The console's session is the token itself, kept in an HttpOnly, SameSite=Strict cookie: pages verify it
 * on every request exactly as the API verifies a bearer token, so the same roles and claims apply and
 * nothing about a session is stored server-side. It ends when the token expires.
 */
const COOKIE = 'registry_session';

/** The signed-in person, or undefined (no cookie, or a token that no longer verifies). */
export async function sessionActor(c: Context<AppEnv>): Promise<Actor | undefined> {
  const token = getCookie(c, COOKIE);
  if (!token) return undefined;
  try {
    return await c.get('deps').verifyToken(token);
  } catch {
    deleteCookie(c, COOKIE, { path: '/' });
    return undefined;
  }
}

/** Keeps a token as the session; throws the verifier's refusal (expired, wrong key, bad claims). */
export async function startSession(c: Context<AppEnv>, token: string): Promise<Actor> {
  const actor = await c.get('deps').verifyToken(token);
  const exp = decodeJwt(token).exp;
  const maxAge = exp ? Math.max(0, exp - Math.floor(Date.now() / 1000)) : undefined;
  setCookie(c, COOKIE, token, {
    httpOnly: true,
    sameSite: 'Strict',
    path: '/',
    secure: new URL(c.req.url).protocol === 'https:',
    maxAge,
  });
  return actor;
}

export function endSession(c: Context<AppEnv>): void {
  deleteCookie(c, COOKIE, { path: '/' });
}

/** Every page: who is signed in, if anyone (the header shows it; public pages show the same facts to all). */
export const optionalSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('actor', await sessionActor(c));
  await next();
};

/** Console pages: signed in, or off to the sign-in page and back here afterwards. */
export const requireSession: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (!c.get('actor')) {
    const url = new URL(c.req.url);
    const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/console';
    return c.redirect(`/console/sign-in?next=${encodeURIComponent(back)}`, 303);
  }
  await next();
};

/** A console section open to some roles only (the verbs check each object again). */
export function requirePageRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const actor = c.get('actor');
    if (actor && !roles.includes(actor.role)) throw new DomainError('FORBIDDEN', `this page is for ${roles.join(', ')}`);
    await next();
  };
}

/** Where to go after signing in: only a path on this site (never another host). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/console';
}
