import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { WATCH_OWNERS, WATCH_READERS } from './watch-policy.js';
import {
  WATCH_MAX_BODY_BYTES,
  Watch,
  WatchBody,
  WatchCodesBody,
  WatchCodesChanged,
  WatchCodesQuery,
  WatchIdParam,
  WatchListQuery,
  WatchPage,
  WatchPatch,
  WatchWithCodes,
} from './watch-schemas.js';
import {
  addWatchCodes,
  authorizeWatch,
  createWatch,
  deleteWatch,
  getWatch,
  listWatches,
  removeWatchCodes,
  updateWatch,
} from './watches.js';

const tags = ['Sync: watches'];

/**
 * The routes that take a list of up to 100,000 codes (~2.3 MB) and so their own body limit: the app
 * applies WATCH_MAX_BODY_BYTES to these paths instead of its usual 1 MB, before anything reads the body.
 */
export { WATCH_MAX_BODY_BYTES };
export const takesWatchCodes = (path: string) => /^\/api\/v1\/sync\/watches(?:\/[^/]+\/subjects)?\/?$/.test(path);

const mayRead = guard((db, actor, id) => authorizeWatch(db, actor, id, true));
const mayChange = guard((db, actor, id) => authorizeWatch(db, actor, id, false));

export const watchRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/sync/watches',
      tags,
      security: bearer,
      summary:
        'Watch up to 100,000 USCCs: a change of a watched subject’s list status, restriction or grade is pushed to the URL (Standard Webhooks, signed v1 with the secret given, else v1a)',
      middleware: [requireRole(...WATCH_OWNERS)] as const,
      request: { body: { ...json(WatchBody), required: true } },
      responses: { 201: { description: 'Registered', ...json(Watch) }, ...problems(400, 401, 403, 413, 422) },
    }),
    async (c) => c.json(await createWatch(c.get('db'), ctxOf(c), c.req.valid('json'), c.get('deps').sync), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/watches',
      tags,
      security: bearer,
      summary: 'The caller’s own watches, oldest first (an admin sees every watch)',
      middleware: [requireRole(...WATCH_READERS)] as const,
      request: { query: WatchListQuery },
      responses: { 200: { description: 'A page of watches', ...json(WatchPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listWatches(c.get('db'), ctxOf(c).actor, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/watches/{id}',
      tags,
      security: bearer,
      summary: 'One watch with a page of its codes',
      middleware: [requireRole(...WATCH_READERS), mayRead] as const,
      request: { params: WatchIdParam, query: WatchCodesQuery },
      responses: { 200: { description: 'The watch', ...json(WatchWithCodes) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getWatch(c.get('db'), ctxOf(c).actor, c.req.valid('param').id, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'patch',
      path: '/api/v1/sync/watches/{id}',
      tags,
      security: bearer,
      summary: 'Pause or resume a watch, or change its URL or description',
      middleware: [requireRole(...WATCH_OWNERS), mayChange] as const,
      request: { params: WatchIdParam, body: { ...json(WatchPatch), required: true } },
      responses: { 200: { description: 'Changed', ...json(Watch) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await updateWatch(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json'), c.get('deps').sync), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/sync/watches/{id}/subjects',
      tags,
      security: bearer,
      summary: 'Add up to 100,000 codes to a watch (one already watched changes nothing); a watch holds at most 100,000',
      middleware: [requireRole(...WATCH_OWNERS), mayChange] as const,
      request: { params: WatchIdParam, body: { ...json(WatchCodesBody), required: true } },
      responses: { 200: { description: 'Added', ...json(WatchCodesChanged) }, ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const { watch, added } = await addWatchCodes(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').usccs);
      return c.json({ watch, added }, 200);
    },
  )

  .openapi(
    route({
      method: 'delete',
      path: '/api/v1/sync/watches/{id}/subjects',
      tags,
      security: bearer,
      summary: 'Remove up to 100,000 codes from a watch (one not watched changes nothing)',
      middleware: [requireRole(...WATCH_OWNERS), mayChange] as const,
      request: { params: WatchIdParam, body: { ...json(WatchCodesBody), required: true } },
      responses: { 200: { description: 'Removed', ...json(WatchCodesChanged) }, ...problems(400, 401, 403, 404, 413) },
    }),
    async (c) => {
      const { watch, removed } = await removeWatchCodes(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').usccs);
      return c.json({ watch, removed }, 200);
    },
  )

  .openapi(
    route({
      method: 'delete',
      path: '/api/v1/sync/watches/{id}',
      tags,
      security: bearer,
      summary: 'Remove a watch: its codes go, and its notifications not yet delivered are not sent',
      middleware: [requireRole(...WATCH_OWNERS), mayChange] as const,
      request: { params: WatchIdParam },
      responses: { 200: { description: 'The watch as it was, removed', ...json(Watch) }, ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await deleteWatch(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  );
