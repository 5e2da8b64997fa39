import { type Config, ConfigError, configFromProcess } from '../config.js';
import { tokenCommand } from '../runtime/banner.js';
import { type NodeDatabase, openNodeDatabase } from '../runtime/database.js';
import { DataDirLockedError } from '../runtime/lockfile.js';

/** The admin endpoint that does a CLI's work inside the running service. */
export type AdminEndpoint = { method: 'GET' | 'POST'; path: string };

/**
 * The configuration and database of a maintenance CLI. While `npm start` holds an embedded data
 * directory no second process may open it (PGlite has no multi-process locking): the CLI says so in
 * plain words, with the command that asks the running service to do the same work, and exits 1
 * instead of printing a stack trace. A bad configuration is one message too.
 */
export async function openForCli(script: string, endpoint: AdminEndpoint): Promise<{ config: Config; database: NodeDatabase }> {
  let config: Config;
  try {
    config = configFromProcess();
  } catch (error) {
    if (error instanceof ConfigError) exit(error.message);
    throw error;
  }
  try {
    return { config, database: await openNodeDatabase(config) };
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    const method = endpoint.method === 'POST' ? '-X POST ' : '';
    const token = tokenCommand(config, '--role admin');
    exit(
      `npm run ${script} cannot run now: ${error.message}.\n` +
        `While the service runs, it does the same work at ${endpoint.method} ${endpoint.path} (admin token):\n` +
        `  curl -s ${method}-H "Authorization: Bearer $(${token})" http://localhost:${config.PORT}${endpoint.path}`,
    );
  }
}

function exit(message: string): never {
  console.error(message);
  process.exit(1);
}
