import { z } from '@hono/zod-openapi';
import { problemResponse } from '../../http/errors.js';
import { createRouter, route } from '../../http/router.js';
import { docsPage } from './docs-page.js';
import { readiness } from './service.js';

const tags = ['System'];
const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  migrations: z.object({ expected: z.number().int(), applied: z.number().int(), current: z.boolean(), problems: z.array(z.string()) }),
});

export const systemRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/health',
      tags,
      summary: 'The process is up',
      responses: { 200: { description: 'Up', content: { 'application/json': { schema: Health } } } },
    }),
    (c) => c.json({ status: 'ok' as const }, 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/ready',
      tags,
      summary: 'The database is reachable and its migrations are current',
      responses: {
        200: { description: 'Ready', content: { 'application/json': { schema: Ready } } },
        503: { description: 'Not ready', content: { 'application/json': { schema: Ready } } },
      },
    }),
    async (c) => {
      const body = await readiness(c.get('db'), await c.get('deps').expectedMigrations());
      return body.status === 'ready' ? c.json(body, 200) : c.json(body, 503);
    },
  );

const DOCS_ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
};

/** The docs UI, with its assets served from the installed swagger-ui-dist package (works offline). */
export const docsRoutes = createRouter()
  .get('/docs', (c) => c.html(docsPage('/openapi.json')))
  .get('/docs/:asset', async (c) => {
    const name = c.req.param('asset');
    const type = DOCS_ASSETS[name];
    const body = type ? await c.get('deps').docsAsset(name) : null;
    if (!type || body === null) return problemResponse(c, 404, 'Not found', `no docs asset ${name}`);
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' });
  });
