import type { Updateable } from 'kysely';
import type { Ctx } from '../../core/actor.js';
import type { Db, RecordsTable, Trx } from '../../db/types.js';
import { recordLifecycleDisclosure } from '../../disclosure/index.js';
import { addDays } from '../../lib/dates.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { assertMayActFor } from './policy.js';

/**
 * Changes a current record's lifecycle (display ended, shown again, voided) with its audit row and
 * the event the credit platform follows, in the caller's transaction. Repairs, objections and the
 * sweep change records only through this.
 */
export type LifecycleEvent = 'record.display_ended' | 'record.voided' | 'record.shown_again';

export async function changeLifecycle(trx: Trx, ctx: Ctx, recordId: string, eventType: LifecycleEvent, set: Updateable<RecordsTable>) {
  const before = await trx
    .selectFrom('credit.records')
    .select(['revision', 'subject_id', 'shown_until', 'end_reason', 'ended_on', 'voided_on', 'repair_blocked_until', 'is_public'])
    .where('id', '=', recordId)
    .where('superseded_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (!before) return false;
  const after = await trx
    .updateTable('credit.records')
    .set(set)
    .where('id', '=', recordId)
    .where('revision', '=', before.revision)
    .returning(['shown_until', 'end_reason', 'ended_on', 'voided_on', 'repair_blocked_until'])
    .executeTakeFirstOrThrow();
  const { subject_id: subjectId, is_public: isPublic, revision: _revision, ...was } = before;
  await recordPublicChange(trx, ctx, eventType, {
    action: eventType,
    entityType: 'record',
    entityId: recordId,
    subjectId,
    before: was,
    after,
    payload: recordLifecycleDisclosure({
      id: recordId,
      public: isPublic,
      shownUntil: after.shown_until,
      endReason: after.end_reason,
      endedOn: after.ended_on,
      voidedOn: after.voided_on,
      repairBlockedUntil: after.repair_blocked_until,
    }),
  });
  return true;
}

/** Voided by an upheld objection: as if never recorded, from today. */
export function voidRecord(trx: Trx, ctx: Ctx, recordId: string) {
  const today = ctx.clock.today();
  return changeLifecycle(trx, ctx, recordId, 'record.voided', { voided_on: today, end_reason: 'voided', ended_on: today });
}

/** A repair approved: the record's display ends today (yesterday was its last shown day). */
export async function endForRepair(trx: Trx, ctx: Ctx, recordId: string, options: { liftSanction?: boolean } = {}) {
  const today = ctx.clock.today();
  const yesterday = addDays(today, -1);
  const record = await trx
    .selectFrom('credit.records')
    .select(['shown_until'])
    .where('id', '=', recordId)
    .where('superseded_at', 'is', null)
    .executeTakeFirst();
  if (!record) return false;
  return changeLifecycle(trx, ctx, recordId, 'record.display_ended', {
    end_reason: 'repaired',
    ended_on: today,
    shown_until: record.shown_until < yesterday ? record.shown_until : yesterday,
    // A revocation overturned on objection leaves no false-materials sanction behind.
    ...(options.liftSanction ? { repair_blocked_until: null } : {}),
  });
}

/**
 * A repair revoked for false materials: a record that repair ended is shown again until `until`, with
 * no repair before then. Only what a repair ended moves (a record voided, expired or running is left
 * alone), and only by someone who may act for the record's department.
 */
export async function showAgainUntil(trx: Trx, ctx: Ctx, recordId: string, until: string) {
  const record = await trx
    .selectFrom('credit.records')
    .select(['department', 'end_reason'])
    .where('id', '=', recordId)
    .where('superseded_at', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (record?.end_reason !== 'repaired') return false;
  assertMayActFor(ctx.actor, record.department);
  return changeLifecycle(trx, ctx, recordId, 'record.shown_again', {
    end_reason: null,
    ended_on: null,
    shown_until: until,
    repair_blocked_until: until,
  });
}

/** How many due records the sweep takes at a time, and ends in one transaction. */
export const SWEEP_PAGE = 500;

/**
 * The sweep's part: records past their shown period end their display (`expired`, on the day after),
 * except those whose obligations are unmet: those stay shown and are listed for a person to decide
 * (domain §3).
 *
 * The due records are read in pages in the order of the sweep's partial index (shown_until, id), so a
 * run reads only records still shown, however many have ended before; each page's changes, each with
 * its own audit row and event, commit together. After a bulk import that put a province's history in
 * at once, one commit per record made the first sweep take hours.
 */
export async function endExpiredDisplays(db: Db, ctx: Ctx) {
  const today = ctx.clock.today();
  const ended: string[] = [];
  const held: { id: string; documentNo: string; shownUntil: string; department: string }[] = [];
  let after: { shownUntil: string; id: string } | undefined;
  for (;;) {
    const page = await dueDisplays(db, today, after);
    if (page.length === 0) break;
    const last = page.at(-1)!;
    after = { shownUntil: last.shown_until, id: last.id };
    for (const record of page) {
      if (record.obligations_unmet)
        held.push({ id: record.id, documentNo: record.document_no, shownUntil: record.shown_until, department: record.department });
    }
    const toEnd = page.filter((record) => !record.obligations_unmet).map((record) => record.id);
    if (toEnd.length) ended.push(...(await db.transaction().execute((trx) => endDisplays(trx, ctx, toEnd))));
    if (page.length < SWEEP_PAGE) break;
  }
  return { ended, held };
}

/** The next page of records still shown past their period, after the last one of the previous page. */
function dueDisplays(db: Db, today: string, after: { shownUntil: string; id: string } | undefined) {
  let query = db
    .selectFrom('credit.records')
    .select(['id', 'document_no', 'shown_until', 'department', 'obligations_unmet'])
    .where('superseded_at', 'is', null)
    .where('end_reason', 'is', null)
    .where('voided_on', 'is', null)
    .where('shown_until', '<', today);
  if (after) query = query.where((eb) => eb(eb.refTuple('shown_until', 'id'), '>', eb.tuple(after.shownUntil, after.id)));
  return query.orderBy('shown_until').orderBy('id').limit(SWEEP_PAGE).execute();
}

/** Ends the display of these records, each checked again under its lock (a person may have acted since the page was read). */
async function endDisplays(trx: Trx, ctx: Ctx, ids: string[]): Promise<string[]> {
  const today = ctx.clock.today();
  const current = await trx
    .selectFrom('credit.records')
    .select(['id', 'end_reason', 'shown_until', 'voided_on', 'obligations_unmet'])
    .where('id', 'in', ids)
    .where('superseded_at', 'is', null)
    .orderBy('id')
    .forUpdate()
    .execute();
  const ended: string[] = [];
  for (const record of current) {
    if (record.end_reason !== null || record.voided_on !== null || record.obligations_unmet || record.shown_until >= today) continue;
    await changeLifecycle(trx, ctx, record.id, 'record.display_ended', { end_reason: 'expired', ended_on: addDays(record.shown_until, 1) });
    ended.push(record.id);
  }
  return ended;
}
