import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type ServerType, serve } from '@hono/node-server';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { buildDeps } from '../deps.js';
import { runJobs, type Trigger } from '../jobs/index.js';
import { isEmpty, type SeedReport, seedDemo } from '../seed/demo.js';
import { manifestOf, openNodeDatabase } from './database.js';
import { loadOrCreateKey } from './keys.js';

const swaggerDir = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');

export async function nodeDocsAsset(name: string): Promise<string | null> {
  return readFile(join(swaggerDir, name), 'utf8').catch(() => null);
}

export type RunningServer = {
  url: string;
  mode: 'postgres' | 'embedded';
  location: string;
  seeded: SeedReport | null;
  tokenSource: string;
  close(): Promise<void>;
};

/** Starts the Node service: database, migrations, demo seed on an empty database, HTTP, scheduler. */
export async function startNodeServer(
  config: Config,
  options: { clock?: Clock; port?: number; sweepOnStart?: boolean } = {},
): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const files = readSchemaFiles();
  const database = await openNodeDatabase(config, files);
  try {
    const seedWanted = config.SEED_DEMO ?? database.mode === 'embedded';
    const seeded = seedWanted && (await isEmpty(database.db)) ? await seedDemo(database.db, clock) : null;
    const manifest = await manifestOf(files);
    const tokenKey = config.AUTH_JWKS_URL || config.AUTH_PUBLIC_JWK ? undefined : await loadOrCreateKey(config.DATA_DIR, 'token');
    const proofKey = config.PROOF_PRIVATE_JWK ? undefined : await loadOrCreateKey(config.DATA_DIR, 'proof');
    const deps = await buildDeps({
      config,
      clock,
      database: { acquire: async () => ({ db: database.db, release: async () => {} }) },
      expectedMigrations: async () => manifest,
      docsAsset: nodeDocsAsset,
      ownKeys: {
        tokenPublicJwk: tokenKey?.publicJwk,
        tokenSource: `${config.DATA_DIR}/keys/token.json`,
        proofPrivateJwk: proofKey?.privateJwk,
      },
    });
    const app = buildApp(deps);
    const run = (trigger: Trigger) => runJobs(database.db, clock, trigger, (job, error) => console.error(`${job}: ${error.message}`));
    await run('frequent');
    // Frequent work (outbox consumers, sealing the audit chain) every few seconds; the daily work once
    // per Shanghai date, checked every ten minutes (it is idempotent, so a restart may run it again).
    const frequent = setInterval(() => void run('frequent'), 5000);
    frequent.unref();
    let dailyDoneOn = '';
    let dailyRunning = false;
    const daily = () => {
      const today = clock.today();
      if (today === dailyDoneOn || dailyRunning) return;
      dailyRunning = true;
      run('daily')
        .then((failed) => {
          if (failed.length === 0) dailyDoneOn = today;
        })
        .finally(() => {
          dailyRunning = false;
        });
    };
    const dailyTimer = setInterval(daily, 10 * 60_000);
    dailyTimer.unref();
    if (options.sweepOnStart ?? true) daily();
    const server = await listen(app.fetch, options.port ?? config.PORT);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      url: `http://localhost:${port}`,
      mode: database.mode,
      location: database.location,
      seeded,
      tokenSource: deps.tokenSource,
      close: async () => {
        clearInterval(frequent);
        clearInterval(dailyTimer);
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname: '0.0.0.0' }, () => resolve(server));
    server.once('error', reject);
  });
}
