import { buildApp } from '../app.js';
import type { Config } from '../config.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { buildDeps } from '../deps.js';
import { benchKeys } from './keys.js';

/** The app a benchmark drives in process, over its database, with throw-away keys and no after-write jobs. */
export async function benchApp(db: Db, config: Config, clock: Clock) {
  const keys = await benchKeys();
  const deps = await buildDeps({
    config,
    clock,
    database: { acquire: async () => ({ db, release: async () => {} }) },
    expectedMigrations: async () => [],
    docsAsset: async () => null,
    ownKeys: {
      tokenPublicJwk: keys.publicJwk,
      proofPrivateJwk: keys.proofJwk,
      feedPrivateJwk: keys.feedJwk,
      deliveryPrivateJwk: keys.deliveryJwk,
    },
  });
  return { keys, deps, app: buildApp({ ...deps, afterWrite: undefined }) };
}
