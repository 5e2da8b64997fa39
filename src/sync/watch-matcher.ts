import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import type { SyncEnv } from './env.js';

/** Placeholder: turns feed events about watched subjects into watch deliveries (being built). */
export async function matchWatches(_db: Db, _clock: Clock, _env: SyncEnv): Promise<{ notifications: number }> {
  return { notifications: 0 };
}
