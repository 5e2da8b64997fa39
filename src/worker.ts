import swaggerBundle from 'swagger-ui-dist/swagger-ui-bundle.js';
import swaggerCss from 'swagger-ui-dist/swagger-ui.css';
import type { ExecutionContext } from 'hono';
import { buildApp } from './app.js';
import { sealAll } from './audit/chain.js';
import { loadConfig, type Config } from './config.js';
import { createPgDb } from './db/pg.js';
import { SCHEMA_MANIFEST } from './db/schema-manifest.js';
import { createTokenVerifier } from './http/auth.js';
import type { AppDeps } from './http/env.js';
import { systemClock } from './lib/clock.js';
import { sweep } from './features/sweep/service.js';
import { createProofSigner } from './features/public/signer.js';

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

let cached: { app: ReturnType<typeof buildApp>; env: Env } | undefined;

function stringVars(env: Env): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

function verifierFor(config: Config) {
  const base = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  if (config.AUTH_JWKS_URL) return createTokenVerifier({ ...base, jwksUrl: config.AUTH_JWKS_URL });
  if (config.AUTH_PUBLIC_JWK) return createTokenVerifier({ ...base, publicJwks: [config.AUTH_PUBLIC_JWK] });
  throw new Error('a Worker needs AUTH_JWKS_URL or AUTH_PUBLIC_JWK to verify tokens');
}

async function appFor(env: Env) {
  if (cached?.env === env) return cached.app;
  const config = loadConfig(stringVars(env));
  if (!config.PROOF_PRIVATE_JWK) throw new Error('a Worker needs PROOF_PRIVATE_JWK to sign status proofs');
  const deps: AppDeps = {
    config, clock: systemClock, verifyToken: verifierFor(config),
    database: {
      acquire: async () => {
        const db = createPgDb(env.HYPERDRIVE.connectionString, 1);
        return { db, release: () => db.destroy() };
      },
    },
    expectedMigrations: async () => SCHEMA_MANIFEST,
    docsAsset: async (name) => DOCS[name] ?? null,
    proofSigner: await createProofSigner(config.PROOF_PRIVATE_JWK, config.PROOF_RETIRED_JWKS),
    afterWrite: async (db) => { await sealAll(db); },
  };
  cached = { app: buildApp(deps), env };
  return cached.app;
}

export default {
  async fetch(request: Request, env: Env, ctx: ExecutionContext) {
    return (await appFor(env)).fetch(request, env, ctx);
  },
  /** Cron: the same periodic work as the Node scheduler: the daily sweep (idempotent) and sealing. */
  async scheduled(event: { cron: string }, env: Env, ctx: ExecutionContext) {
    const db = createPgDb(env.HYPERDRIVE.connectionString, 1);
    const work = (event.cron === DAILY_CRON ? sweep(db, systemClock).then(() => undefined) : Promise.resolve())
      .then(() => sealAll(db)).finally(() => db.destroy());
    ctx.waitUntil(work);
  },
};
