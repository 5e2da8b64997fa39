import { type Context, Hono, type MiddlewareHandler, type Next } from 'hono';
import { csrf } from 'hono/csrf';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../http/env.js';
import { formIdempotency } from '../http/idempotency.js';
import { arrearsPages } from './arrears/routes.js';
import { SITE_CSS } from './assets.js';
import { applicantConsolePages } from './console/applicant-routes.js';
import { creditConsolePages } from './console/credit-routes.js';
import { syncConsolePages } from './console/sync-routes.js';
import { notFoundPage, pageError } from './error-page.js';
import { marketPages } from './market/routes.js';
import { publicPages } from './public/routes.js';
import { optionalSession, requireSession } from './session.js';
import { signInPages } from './sign-in-routes.js';

/** The paths the pages own; everything else (the API, docs, keys) never passes through their middleware. */
const PAGE_PATH = /^\/(?:$|search$|subjects\/|lists\/|market(?:$|\/)|console(?:$|\/)|assets\/)/;
export const isPagePath = (path: string) => PAGE_PATH.test(path);

const onPages =
  (handler: MiddlewareHandler<AppEnv>): MiddlewareHandler<AppEnv> =>
  (c: Context<AppEnv>, next: Next) =>
    isPagePath(c.req.path) ? handler(c, next) : next();

/** Nothing but this site's own files: no inline script, no third party, no framing. */
const pageHeaders = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'self'"],
    styleSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    scriptSrc: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'same-origin',
});

/** A page is signed in only for the console, on the console's paths. */
const CONSOLE_PATH = /^\/console(?:$|\/)(?!sign-in$|demo-sign-in$|sign-out$)/;

/**
 * The server-rendered pages (Hono JSX, in Chinese): the public lookup, the lists and the 中介超市 for
 * anyone, the console for signed-in staff. They call the same verbs as the API; form posts are checked
 * for their origin (CSRF) and the session cookie is SameSite=Strict.
 */
export const webPages = new Hono<AppEnv>()
  .use('*', onPages(pageHeaders))
  .use('*', onPages(csrf()))
  // The stylesheet is the same for everyone: no token is verified to serve it.
  .use('*', (c, next) => (isPagePath(c.req.path) && !c.req.path.startsWith('/assets/') ? optionalSession(c, next) : next()))
  .use('*', (c, next) => (CONSOLE_PATH.test(c.req.path) ? requireSession(c, next) : next()))
  .use('*', onPages(formIdempotency()))
  .get('/assets/site.css', (c) =>
    c.body(SITE_CSS, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'public, max-age=3600' }),
  )
  .route('/', publicPages)
  .route('/', marketPages)
  .route('/', signInPages)
  .route('/', creditConsolePages)
  .route('/', syncConsolePages)
  .route('/', applicantConsolePages)
  .route('/', arrearsPages)
  .onError(pageError);

export { notFoundPage };
