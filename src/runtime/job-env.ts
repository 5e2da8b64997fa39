import type { Config } from '../config.js';
import { createDrawSources } from '../features/announcements/index.js';
import type { JobEnv } from '../jobs/index.js';
import { createSyncEnv, type SyncKeys } from '../sync/env.js';
import { loadOrCreateKey } from './keys.js';

/** The feed and delivery keys of a Node process: the configured ones, else those kept in DATA_DIR (made on first use). */
export async function nodeSyncKeys(config: Config): Promise<SyncKeys> {
  return {
    feedPrivateJwk: config.FEED_PRIVATE_JWK ? undefined : (await loadOrCreateKey(config.DATA_DIR, 'feed')).privateJwk,
    deliveryPrivateJwk: config.DELIVERY_PRIVATE_JWK ? undefined : (await loadOrCreateKey(config.DATA_DIR, 'delivery')).privateJwk,
  };
}

/** What the job list needs in a Node CLI (sweep, seed, sync), built from the configuration and the data directory. */
export async function nodeJobEnv(config: Config): Promise<JobEnv> {
  return { drawSources: createDrawSources(config), sync: await createSyncEnv(config, await nodeSyncKeys(config)) };
}
