import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'kysely';
import { createRouter } from '../../http/router.js';
import { problemResponse } from '../../http/errors.js';
import { docsPage } from './docs-page.js';

const tags = ['System'];
const Health = z.object({ status: z.literal('ok') });
const Ready = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['reachable', 'unreachable']),
  migrations: z.object({ expected: z.number().int(), applied: z.number().int(), current: z.boolean(), problems: z.array(z.string()) }),
});

export const systemRoutes = createRouter()
  .openapi(createRoute({
    method: 'get', path: '/health', tags, summary: 'The process is up',
    responses: { 200: { description: 'Up', content: { 'application/json': { schema: Health } } } },
  }), (c) => c.json({ status: 'ok' as const }, 200))

  .openapi(createRoute({
    method: 'get', path: '/ready', tags, summary: 'The database is reachable and its migrations are current',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: Ready } } },
      503: { description: 'Not ready', content: { 'application/json': { schema: Ready } } },
    },
  }), async (c) => {
    const expected = await c.get('deps').expectedMigrations();
    let applied: { name: string; checksum: string }[];
    try {
      const result = await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM public.schema_migrations`.execute(c.get('db'));
      applied = result.rows;
    } catch {
      const body = { status: 'not_ready' as const, database: 'unreachable' as const, migrations: { expected: expected.length, applied: 0, current: false, problems: ['cannot read public.schema_migrations'] } };
      return c.json(body, 503);
    }
    const recorded = new Map(applied.map((m) => [m.name, m.checksum]));
    const problems = expected.flatMap((m) => {
      const checksum = recorded.get(m.name);
      if (checksum === undefined) return [`${m.name} not applied`];
      return checksum === m.checksum ? [] : [`${m.name} differs from the applied version`];
    });
    const current = problems.length === 0;
    const body = {
      status: current ? 'ready' as const : 'not_ready' as const, database: 'reachable' as const,
      migrations: { expected: expected.length, applied: applied.length, current, problems },
    };
    return current ? c.json(body, 200) : c.json(body, 503);
  });

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
