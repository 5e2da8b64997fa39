import type { Context, MiddlewareHandler } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { decodeJwt } from 'jose';
import type { Actor, Role } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import { fromLoopback } from '../http/client-address.js';
import type { AppEnv, DemoSignIn } from '../http/env.js';
import { sessionEndedPage } from './expired-page.js';

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
    // Behind a proxy that ends TLS the request looks like http: the configured public address decides.
    secure: new URL(siteOrigin(c)).protocol === 'https:',
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
    if (c.req.method !== 'GET') return sessionEndedPage(c);
    const url = new URL(c.req.url);
    return c.redirect(`/console/sign-in?next=${encodeURIComponent(`${url.pathname}${url.search}`)}`, 303);
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

/**
 * The demo sign-in for this request: by default only for a browser on this machine, so a laptop demo
 * listening on every interface does not hand an admin session to its network.
 */
export function demoSignInFor(c: Context<AppEnv>): DemoSignIn | undefined {
  const demo = c.get('deps').demoSignIn;
  if (!demo) return undefined;
  if (demo.anyClient) return demo;
  return fromLoopback(c) ? demo : undefined;
}

/** The address people reach the site at: PUBLIC_URL, or this request's own. */
export function siteOrigin(c: Context<AppEnv>): string {
  return c.get('deps').config.PUBLIC_URL ?? new URL(c.req.url).origin;
}

/** Where to go after signing in: only a path on this site (never another host). */
export function safeNext(next: string | undefined): string {
  return next && /^\/(?!\/)[^\s\\]*$/.test(next) ? next : '/console';
}
