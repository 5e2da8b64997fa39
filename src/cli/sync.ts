import { systemClock } from '../core/clock.js';
import { nodeJobEnv } from '../runtime/job-env.js';
import { logPass, startSyncLoop, syncPass } from '../runtime/sync-loop.js';
import { openForCli } from './open-database.js';

/**
 * `npm run sync`: the feed and push delivery as a process of its own (beside web processes that do not
 * deliver, or as a second deliverer: claims skip what another process holds), until SIGTERM or
 * SIGINT, which let the pass in flight finish. `npm run sync -- --once` runs one pass and exits
 * (non-zero when a step failed).
 */
const once = process.argv.includes('--once');
const { config, database } = await openForCli('sync', { method: 'GET', path: '/api/v1/sync/deliveries' });
const env = (await nodeJobEnv(config)).sync;

if (once) {
  try {
    const report = await syncPass(database.db, systemClock, env);
    for (const error of report.errors) console.error(error);
    console.log(
      `sync: ${report.placed} events placed in the feed, ${report.batches} batches cut, ${report.notifications} watch notifications, ` +
        `${report.delivered} delivered, ${report.retried} to retry, ${report.dead} dead-lettered`,
    );
    process.exitCode = report.errors.length ? 1 : 0;
  } finally {
    await database.close();
  }
} else {
  const loop = startSyncLoop(database.db, systemClock, env, { intervalMs: config.SYNC_INTERVAL_MS, onPass: logPass });
  console.log(`sync: delivering every ${config.SYNC_INTERVAL_MS} ms until SIGTERM or SIGINT`);
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`sync: ${signal}, finishing the pass in flight`);
    await loop.stop();
    await database.close();
    console.log('sync: stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}
