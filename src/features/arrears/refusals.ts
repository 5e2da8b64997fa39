import { recordAudit } from '../../audit/log.js';
import type { Consumer } from '../../sync/consumers.js';

/**
 * The ledger's side of a refused credit record: the complaint whose justified answer the credit side
 * could not record is open again (not answered), with the reason kept, so the department answers it
 * anew (e.g. with the right document number). Only the answer that announced that record is undone.
 */
export const reopenRefusedAnswers: Consumer<'credit.record_refused'> = {
  name: 'arrears.reopen-refused-answers',
  type: 'credit.record_refused',
  async handle(trx, event, clock) {
    const p = event.payload;
    const reopened = await trx
      .updateTable('arrears.complaints')
      .set({ answered_on: null, answer: null, justified: null, credit_record_id: null, credit_refusal: p.reason })
      .where('id', '=', p.complaintId)
      .where('credit_record_id', '=', p.creditRecordId)
      .returning('id')
      .executeTakeFirst();
    if (!reopened) return;
    await recordAudit(
      trx,
      { actor: { sub: 'system:arrears', role: 'system' }, clock, requestId: null },
      {
        action: 'arrears.complaint.reopen',
        entityType: 'arrears_complaint',
        entityId: p.complaintId,
        after: { creditRecordRefused: p.creditRecordId, reason: p.reason },
      },
    );
  },
};
