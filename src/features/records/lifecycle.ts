import { recordPublicChange, type Ctx } from '../../audit/log.js';
import type { Trx, RecordsTable } from '../../db/types.js';
import type { Updateable } from 'kysely';

/**
 * Changes a current record's lifecycle (display ended, shown again, voided) with its audit row and
 * the event the credit platform follows, in the caller's transaction.
 */
export async function changeLifecycle(trx: Trx, ctx: Ctx, recordId: string, eventType: string, set: Updateable<RecordsTable>) {
  const before = await trx.selectFrom('credit.records')
    .select(['revision', 'subject_id', 'shown_until', 'end_reason', 'ended_on', 'voided_on', 'repair_blocked_until', 'is_public'])
    .where('id', '=', recordId).where('superseded_at', 'is', null).forUpdate().executeTakeFirst();
  if (!before) return;
  const after = await trx.updateTable('credit.records').set(set).where('id', '=', recordId).where('revision', '=', before.revision)
    .returning(['shown_until', 'end_reason', 'ended_on', 'voided_on', 'repair_blocked_until']).executeTakeFirstOrThrow();
  const { subject_id: subjectId, is_public: isPublic, revision: _revision, ...was } = before;
  await recordPublicChange(trx, ctx, eventType, {
    action: eventType, entityType: 'record', entityId: recordId, subjectId, before: was, after,
    payload: isPublic ? { id: recordId, ...after } : { id: recordId, public: false },
  });
}
