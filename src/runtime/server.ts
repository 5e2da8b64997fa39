import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import { type Clock, systemClock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { buildDeps } from '../deps.js';
import { runJobs, type Trigger } from '../jobs/index.js';
import { isEmpty, type SeedReport, seedDemo } from '../seed/demo.js';
import { manifestOf, openNodeDatabase } from './database.js';
import { listenHttp } from './http-listener.js';
import { nodeSyncKeys } from './job-env.js';
import { keyFile, loadOrCreateKey } from './keys.js';
import { createNodeLogger } from './logger.js';
import { createNodeMetrics } from './metrics.js';
import { startScheduler } from './scheduler.js';
import { startSyncLoop } from './sync-loop.js';

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
  /** The console offers one-click demo sign-in (embedded demo). */
  demoSignIn: boolean;
  log: Logger;
  /**
   * The graceful stop (SIGTERM, SIGINT): no new connections; requests in flight finish (connections still
   * open after SHUTDOWN_GRACE_MS are cut); the timers and the sync loop stop after their run under way;
   * then the database closes and the data directory's lock is released.
   */
  close(): Promise<void>;
};

/**
 * Starts the Node service: the HTTP port first (a port in use stops the start before any data
 * directory is created), then database, migrations, demo seed on an empty database, the app, scheduler.
 */
export async function startNodeServer(
  config: Config,
  options: { clock?: Clock; port?: number; sweepOnStart?: boolean; log?: Logger } = {},
): Promise<RunningServer> {
  const clock = options.clock ?? systemClock;
  const log = options.log ?? createNodeLogger(config.LOG_LEVEL);
  const files = readSchemaFiles();
  const listener = await listenHttp(options.port ?? config.PORT, config.HOST);
  const database = await openNodeDatabase(config, files, log).catch(async (error: Error) => {
    await listener.close();
    throw error;
  });
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
      replicas: database.replicas,
      log,
      metrics: createNodeMetrics(database.pools, () => database.replicas?.status() ?? []),
      expectedMigrations: async () => manifest,
      docsAsset: nodeDocsAsset,
      // The one-click demo sign-in mints with the data directory's own key, on the demo only (never beside an
      // identity provider), and by default answers only a browser on this machine (server.ts listens on all).
      demoTokenKey: tokenKey && (config.DEMO_SIGN_IN ?? (database.mode === 'embedded' && seedWanted)) ? tokenKey : undefined,
      demoAnyClient: config.DEMO_SIGN_IN === true,
      ownKeys: {
        tokenPublicJwk: tokenKey?.publicJwk,
        tokenSource: keyFile(config.DATA_DIR, 'token'),
        proofPrivateJwk: proofKey?.privateJwk,
        ...(await nodeSyncKeys(config)),
      },
    });
    const app = buildApp(deps);
    const run = (trigger: Trigger) =>
      runJobs(database.db, clock, trigger, (job, error) => log.error({ job, trigger, err: error }, 'job failed'), {
        drawSources: deps.drawSources,
        sync: deps.sync,
        log,
      });
    await run('frequent');
    const scheduler = startScheduler(clock, run, { dailyNow: options.sweepOnStart ?? true });
    // The feed and push delivery run continuously, not only at the frequent tick (runtime/sync-loop.ts).
    const syncLoop = startSyncLoop(database.db, clock, deps.sync, { intervalMs: config.SYNC_INTERVAL_MS, keepProcessAlive: false, log });
    listener.serve(app.fetch);
    return {
      url: listener.url,
      mode: database.mode,
      location: database.location,
      seeded,
      tokenSource: deps.tokenSource,
      demoSignIn: deps.demoSignIn !== undefined,
      log,
      close: async () => {
        const grace = config.SHUTDOWN_GRACE_MS;
        // Background work gets the same grace as the requests; past it the database closes under it
        // (a transaction cut short rolls back, and every job is safe to run again at the next start).
        const background = Promise.all([scheduler.stop(), syncLoop.stop()]);
        await Promise.all([listener.close(grace), withinMs(background, grace)]);
        await database.close();
      },
    };
  } catch (error) {
    await listener.close();
    await database.close();
    throw error;
  }
}

/** Waits for `work`, or `ms` at most (the work goes on; nothing waits for it any more). */
async function withinMs(work: Promise<unknown>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([work, new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
