import { ConfigError, configFromProcess } from './config.js';
import { DataDirLockedError } from './runtime/lockfile.js';
import { startNodeServer } from './runtime/server.js';

/** `npm start`: the service on Node, embedded PGlite unless DATABASE_URL is set. */
async function main() {
  const started = Date.now();
  const config = configFromProcess();
  const server = await startNodeServer(config);
  const lines = [
    `credit registry listening on ${server.url}  (started in ${Date.now() - started} ms)`,
    server.mode === 'embedded' ? `data: embedded PostgreSQL (PGlite) in ${server.location}` : `data: PostgreSQL at ${server.location}`,
    server.seeded
      ? `demo data loaded: ${server.seeded.departments} departments, ${server.seeded.subjects} subjects, ${server.seeded.records} records, ${server.seeded.listEntries} list entries, ${server.seeded.contracts} arrears contracts`
      : 'demo data: not loaded (database not empty, or SEED_DEMO=false)',
    `API docs: ${server.url}/docs   OpenAPI: ${server.url}/openapi.json`,
    `tokens verified with: ${server.tokenSource}`,
    `get a token: npm run token -- --role regulator --dept 11210100QY80000166`,
  ];
  console.log(lines.join('\n'));
  const stop = async (signal: string) => {
    console.log(`${signal}: shutting down`);
    await server.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: Error) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) console.error(error.message);
  else console.error(error);
  process.exit(1);
});
