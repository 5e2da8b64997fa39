import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/types.js';
import type { SyncEnv } from '../env.js';

/** Placeholder: delivers due batches (being built). */
export async function deliverDue(_db: Db, _clock: Clock, _env: SyncEnv): Promise<{ delivered: number }> {
  return { delivered: 0 };
}
