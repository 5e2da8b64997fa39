import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { serve, type ServerType } from '@hono/node-server';
import { buildApp } from '../app.js';
import { sealAll } from '../audit/chain.js';
import type { Config } from '../config.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { isEmpty, seedDemo, type SeedReport } from '../features/seed/demo.js';
import { sweep } from '../features/sweep/service.js';
import type { AppDeps } from '../http/env.js';
import { systemClock, type Clock } from '../lib/clock.js';
import { manifestOf, openNodeDatabase } from './database.js';
import { nodeTokenVerifier } from './verifier.js';
import { createProofSigner } from '../features/public/signer.js';
import { loadOrCreateKey } from './keys.js';

const swaggerDir = join(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'), '..');

export async function nodeDocsAsset(name: string): Promise<string | null> {
  return readFile(join(swaggerDir, name), 'utf8').catch(() => null);
}

export type RunningServer = {
  url: string; mode: 'postgres' | 'embedded'; location: string; seeded: SeedReport | null;
  tokenSource: string; close(): Promise<void>;
};

/** Starts the Node service: database, migrations, demo seed on an empty database, HTTP, scheduler. */
export async function startNodeServer(config: Config, options: { clock?: Clock; port?: number; sweepOnStart?: boolean } = {}): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const files = readSchemaFiles();
  const database = await openNodeDatabase(config, files);
  try {
    const seedWanted = config.SEED_DEMO ?? database.mode === 'embedded';
    const seeded = seedWanted && (await isEmpty(database.db)) ? await seedDemo(database.db, clock) : null;
    await sealAll(database.db);
    const { verify, source } = await nodeTokenVerifier(config);
    const manifest = await manifestOf(files);
    const deps: AppDeps = {
      config, clock, verifyToken: verify,
      database: { acquire: async () => ({ db: database.db, release: async () => {} }) },
      expectedMigrations: async () => manifest,
      docsAsset: nodeDocsAsset,
      proofSigner: await createProofSigner(config.PROOF_PRIVATE_JWK ?? (await loadOrCreateKey(config.DATA_DIR, 'proof')).privateJwk, config.PROOF_RETIRED_JWKS),
      afterWrite: async (db) => { await sealAll(db); },
    };
    const app = buildApp(deps);
    // Entries whose immediate seal lost the lock race are sealed here within seconds.
    const sealer = setInterval(() => { sealAll(database.db).catch((e: Error) => console.error(`audit seal: ${e.message}`)); }, 5000);
    sealer.unref();
    // The daily sweep: once per Shanghai date, checked every ten minutes (it is idempotent).
    let sweptOn = '';
    const runSweep = () => {
      if (clock.today() === sweptOn) return;
      sweep(database.db, clock).then((r) => { sweptOn = r.on; return sealAll(database.db); })
        .catch((e: Error) => console.error(`sweep: ${e.message}`));
    };
    const sweeper = setInterval(runSweep, 10 * 60_000);
    sweeper.unref();
    if (options.sweepOnStart ?? true) runSweep();
    const server = await listen(app.fetch, options.port ?? config.PORT);
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.PORT;
    return {
      url: `http://localhost:${port}`, mode: database.mode, location: database.location, seeded, tokenSource: source,
      close: async () => {
        clearInterval(sealer);
        clearInterval(sweeper);
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
