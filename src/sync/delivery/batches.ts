import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/types.js';
import type { SyncEnv } from '../env.js';

/** Placeholder: cuts feed events into delivery batches per endpoint (being built). */
export async function cutBatches(_db: Db, _clock: Clock, _env: SyncEnv): Promise<{ batches: number }> {
  return { batches: 0 };
}
