import { ConfigError, configFromProcess } from './config.js';
import { startBanner } from './runtime/banner.js';
import { ListenError } from './runtime/http-listener.js';
import { DataDirLockedError } from './runtime/lockfile.js';
import { startNodeServer } from './runtime/server.js';

/** `npm start`: the service on Node, embedded PGlite unless DATABASE_URL is set. */
async function main() {
  const started = Date.now();
  const config = configFromProcess();
  const server = await startNodeServer(config);
  console.log(startBanner(server, config, Date.now() - started).join('\n'));
  const stop = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  // What a person can fix is one clear message; anything else keeps its stack for a bug report.
  if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof ListenError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
