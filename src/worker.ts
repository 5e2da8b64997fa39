import type { ExecutionContext } from 'hono';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css';
import swaggerBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';
import { systemClock } from './core/clock.js';
import { createPgDb } from './db/pg.js';
import { SCHEMA_MANIFEST } from './db/schema-manifest.js';
import { buildDeps } from './deps.js';
import type { AppDeps } from './http/env.js';
import { runJobs } from './jobs/index.js';

/**
 * Cloudflare Workers entry: the same app over PostgreSQL through Hyperdrive, one pg client per request
 * (a pool shared across requests is not allowed to outlive its request on Workers). Migrations are
 * applied ahead of deploys with `npm run migrate`; /ready reports whether they are.
 */
interface Env {
  HYPERDRIVE: { connectionString: string };
  [key: string]: unknown;
}

const DOCS: Record<string, string> = { 'swagger-ui-bundle.js': swaggerBundle, 'swagger-ui.css': swaggerCss };

/** 17:00 UTC is 01:00 in Shanghai: the sweep runs at the start of the legal day (wrangler.toml). */
const DAILY_CRON = '0 17 * * *';

let cached: { app: ReturnType<typeof buildApp>; deps: AppDeps; env: Env } | undefined;

function stringVars(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

async function appFor(env: Env) {
  if (cached?.env === env) return cached;
  const config = loadConfig(stringVars(env));
  const deps = await buildDeps({
    config,
    database: {
      acquire: async () => {
        const db = createPgDb(env.HYPERDRIVE.connectionString, 1);
        return { db, release: () => db.destroy() };
      },
    },
    expectedMigrations: async () => SCHEMA_MANIFEST,
    docsAsset: async (name) => DOCS[name] ?? null,
  });
  cached = { app: buildApp(deps), deps, env };
  return cached;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return (await appFor(env)).app.fetch(request, env, ctx);
  },
  /** Cron: the same job list as the Node scheduler (jobs/index.ts). */
  async scheduled(event: { cron: string }, env: Env, ctx: ExecutionContext) {
    const { deps } = await appFor(env);
    const db = createPgDb(env.HYPERDRIVE.connectionString, 1);
    const work = runJobs(
      db,
      systemClock,
      event.cron === DAILY_CRON ? 'daily' : 'frequent',
      (job, error) => deps.log.error({ job, cron: event.cron, err: error }, 'job failed'),
      { drawSources: deps.drawSources, sync: deps.sync, log: deps.log },
    ).finally(() => db.destroy());
    ctx.waitUntil(work);
  },
};
