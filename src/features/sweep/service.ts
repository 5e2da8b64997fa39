import { sql } from 'kysely';
import { recordAudit, emitEvent, systemActor, type Ctx } from '../../audit/log.js';
import type { Db } from '../../db/types.js';
import type { Clock } from '../../lib/clock.js';
import { addDays } from '../../lib/dates.js';
import { openOverdueTasks } from '../arrears/reports.js';
import { exitEntry } from '../lists/hooks.js';
import * as lists from '../lists/repo.js';

/**
 * The daily sweep (npm run sweep, the Node scheduler, the Worker's cron). Idempotent: a second run on
 * the same day changes nothing.
 * - List entries whose validity has ended exit as `expired` (on the day after their last valid day).
 * - Records past their shown period end their display, except those whose obligations are unmet:
 *   those stay shown and are listed for a person to decide (domain §3).
 * - Arrears obligations that became overdue get a rectification task (整改台账).
 * Each change is its own transaction with its audit row and event, so a failure halfway loses nothing.
 */
export type SweepReport = {
  on: string;
  exitedEntries: string[];
  endedRecords: string[];
  heldRecords: { id: string; documentNo: string; shownUntil: string; department: string }[];
  tasksOpened: number;
};

export async function sweep(db: Db, clock: Clock): Promise<SweepReport> {
  const ctx: Ctx = { actor: systemActor('sweep'), clock, requestId: null };
  const today = clock.today();
  const report: SweepReport = { on: today, exitedEntries: [], endedRecords: [], heldRecords: [], tasksOpened: 0 };

  const expired = await db.selectFrom('credit.list_entries').select('id')
    .where('state', '=', 'published').where('valid_until', '<', today).orderBy('id').execute();
  for (const { id } of expired) {
    await db.transaction().execute(async (trx) => {
      const entry = await lists.lock(trx, id);
      if (entry?.state !== 'published' || entry.valid_until >= today) return;
      await exitEntry(trx, ctx, entry, 'expired', `valid until ${entry.valid_until}`, { on: addDays(entry.valid_until, 1) });
      report.exitedEntries.push(id);
    });
  }

  const due = await db.selectFrom('credit.records').select(['id', 'revision', 'document_no', 'shown_until', 'department', 'obligations_unmet', 'subject_id'])
    .where('superseded_at', 'is', null).where('end_reason', 'is', null).where('voided_on', 'is', null)
    .where('shown_until', '<', today).orderBy('id').execute();
  for (const record of due) {
    if (record.obligations_unmet) {
      report.heldRecords.push({ id: record.id, documentNo: record.document_no, shownUntil: record.shown_until, department: record.department });
      continue;
    }
    await db.transaction().execute(async (trx) => {
      const endedOn = addDays(record.shown_until, 1);
      const updated = await trx.updateTable('credit.records').set({ end_reason: 'expired', ended_on: endedOn })
        .where('id', '=', record.id).where('revision', '=', record.revision).where('end_reason', 'is', null)
        .where(sql<boolean>`superseded_at IS NULL`).returning('id').executeTakeFirst();
      if (!updated) return;
      const change = { action: 'record.display_end', entityType: 'record', entityId: record.id, subjectId: record.subject_id };
      await recordAudit(trx, ctx, { ...change, after: { endReason: 'expired', endedOn } });
      await emitEvent(trx, ctx, 'record.display_ended', { ...change, payload: { id: record.id, endReason: 'expired', endedOn } });
      report.endedRecords.push(record.id);
    });
  }
  // Arrears: every obligation that became overdue gets its rectification task.
  report.tasksOpened = await openOverdueTasks(db, ctx);
  return report;
}
