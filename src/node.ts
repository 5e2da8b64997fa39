import { ConfigError, configFromProcess } from './config.js';
import { startBanner } from './runtime/banner.js';
import { ListenError } from './runtime/http-listener.js';
import { DataDirLockedError } from './runtime/lockfile.js';
import { startNodeServer } from './runtime/server.js';

/**
 * `npm start` (and `node dist/node.js`, the build): the service on Node, embedded PGlite unless
 * DATABASE_URL is set. SIGTERM or SIGINT stops it gracefully (RunningServer.close) and exits 0; a second
 * signal during that stop exits at once (a person pressing Ctrl-C again means it).
 */
async function main() {
  const started = Date.now();
  const config = configFromProcess();
  const server = await startNodeServer(config);
  console.log(startBanner(server, config, Date.now() - started).join('\n'));
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      server.log.warn({ signal }, 'second signal: exiting without waiting');
      process.exit(1);
    }
    stopping = true;
    server.log.info({ signal, graceMs: config.SHUTDOWN_GRACE_MS }, 'shutting down');
    await server.close();
    server.log.info({}, 'stopped');
    process.exit(0);
  };
  process.on('SIGINT', (signal) => void stop(signal));
  process.on('SIGTERM', (signal) => void stop(signal));
}

main().catch((error: Error) => {
  // What a person can fix is one clear message; anything else keeps its stack for a bug report.
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof ListenError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
