import { type Ctx, systemActor } from '../core/actor.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { openOverdueTasks } from '../features/arrears/index.js';
import { overdueCommitments } from '../features/commitments/index.js';
import { exitExpiredEntries } from '../features/lists/index.js';
import { endExpiredDisplays } from '../features/records/index.js';

/**
 * The daily sweep (npm run sweep, the Node scheduler, the Worker's cron). Idempotent: a second run on
 * the same day changes nothing. Each feature does its own part through its own verb:
 * - list entries whose validity has ended exit as `expired` (on the day after their last valid day);
 * - records past their shown period end their display, except those whose obligations are unmet:
 *   those stay shown and are listed for a person to decide (domain §3);
 * - arrears obligations that became overdue get a rectification task (整改台账);
 * - credit commitments still pending after their validity are listed for the accepting unit to decide
 *   whether each was kept (nothing is decided for it).
 */
export type SweepReport = {
  on: string;
  exitedEntries: string[];
  endedRecords: string[];
  heldRecords: { id: string; documentNo: string; shownUntil: string; department: string }[];
  tasksOpened: number;
  overdueCommitments: { id: string; code: string; validUntil: string; acceptingUnit: string }[];
};

export async function sweep(db: Db, clock: Clock): Promise<SweepReport> {
  const ctx: Ctx = { actor: systemActor('sweep'), clock, requestId: null };
  const exitedEntries = await exitExpiredEntries(db, ctx);
  const records = await endExpiredDisplays(db, ctx);
  const tasksOpened = await openOverdueTasks(db, ctx);
  return {
    on: clock.today(),
    exitedEntries,
    endedRecords: records.ended,
    heldRecords: records.held,
    tasksOpened,
    overdueCommitments: await overdueCommitments(db, clock.today()),
  };
}
