import type { Clock } from '../../core/clock.js';
import type { Db } from '../../db/types.js';
import type { SyncEnv } from '../env.js';
import { claimDue, recordOutcome } from './claim.js';
import { sendMessage } from './send.js';

/**
 * Delivers every message that is due, in a few lanes at once so one slow or hanging endpoint holds up
 * only its own lane (and, by the per-endpoint ordering, only its own later batches). Each lane claims
 * one message (short transaction, lease taken), posts it outside any transaction, records the outcome
 * (short transaction), and goes on until nothing is due. Several processes may run this together:
 * claims skip rows another process has locked or leased.
 *
 * At-least-once: a message is marked delivered only after a 2xx, so a crash between the platform's
 * acknowledgement and the record sends it again, with the same webhook-id and body, and the platform
 * deduplicates by the id.
 */
export type DeliveryReport = { delivered: number; retried: number; dead: number };

export type DeliveryOptions = {
  /** How many requests may be in flight at once from this process. */
  concurrency?: number;
  /** At most this many attempts per pass, so a pass ends even while work keeps arriving. */
  maxAttempts?: number;
};

export async function deliverDue(db: Db, clock: Clock, env: SyncEnv, options: DeliveryOptions = {}): Promise<DeliveryReport> {
  const concurrency = options.concurrency ?? 4;
  let budget = options.maxAttempts ?? 1000;
  const report: DeliveryReport = { delivered: 0, retried: 0, dead: 0 };
  const lane = async () => {
    while (budget > 0) {
      budget -= 1;
      const [claim] = await claimDue(db, clock, env, 1);
      if (!claim) return;
      const outcome = await sendMessage(claim, clock, env);
      const recorded = await recordOutcome(db, clock, env, claim, outcome);
      if (recorded === 'delivered') report.delivered += 1;
      else if (recorded === 'retry') report.retried += 1;
      else if (recorded === 'dead') report.dead += 1;
    }
  };
  const lanes = await Promise.allSettled(Array.from({ length: concurrency }, lane));
  const failed = lanes.find((l): l is PromiseRejectedResult => l.status === 'rejected');
  if (failed) throw failed.reason;
  return report;
}
