import type { Clock } from '../../core/clock.js';
import type { Consumer } from '../../sync/consumers.js';
import { emitEvent } from '../../sync/outbox.js';
import { ensureSubject } from '../subjects/index.js';
import { insertRecord } from './service.js';

/**
 * The credit side of a justified arrears complaint (保障中小企业款项支付条例): the debtor body gets a
 * 政务失信 record of the answering department, under the record id the ledger announced, registering
 * the body as a subject first when the registry does not know it yet. The ledger and the credit side
 * share no table and no import: the outbox event is their only contract, and it is handled once.
 * The record is the deciding regulator's act (it is audited under their name); the consumer only
 * carries it over. When the credit side must refuse it (say, the document number is taken), it says so
 * with `credit.record_refused`, and the ledger reopens the complaint for a new answer.
 */
export const recordsFromArrearsComplaints: Consumer<'arrears.complaint_justified'> = {
  name: 'credit.records-from-arrears-complaints',
  type: 'arrears.complaint_justified',
  async handle(trx, event, clock) {
    const p = event.payload;
    const ctx = {
      actor: { sub: p.decidedBy.sub, role: 'regulator' as const, dept: p.decidedBy.dept },
      clock: notBefore(clock, p.decidedOn),
      requestId: null,
    };
    await ensureSubject(trx, ctx, {
      uscc: p.debtor.uscc,
      name: p.debtor.name,
      kind: 'government',
      legalRepresentative: '（机关负责人）',
      region: p.debtor.uscc.slice(2, 8),
    });
    await insertRecord(
      trx,
      ctx,
      p.decidedBy.dept,
      {
        subjectUscc: p.debtor.uscc,
        kind: 'dishonesty',
        category: 'refusing_payment_or_wages',
        severity: 'general',
        facts: `拖欠中小企业款项：合同 ${p.contractId}（${p.projectName}），投诉 ${p.complaintId} 经核实属实`,
        basis: '《保障中小企业款项支付条例》',
        documentNo: p.documentNo,
        decidedOn: p.decidedOn,
        penalties: [],
        evidence: [],
        obligationsUnmet: true,
      },
      { id: p.creditRecordId },
    );
  },
  async onRefused(trx, event, reason, clock) {
    const p = event.payload;
    await emitEvent(
      trx,
      { actor: { sub: 'system:credit', role: 'system' }, clock, requestId: null },
      'credit.record_refused',
      { entityType: 'arrears_complaint', entityId: p.complaintId },
      { complaintId: p.complaintId, creditRecordId: p.creditRecordId, reason },
    );
  },
};

/** The answering node's date may be a little ahead of ours around midnight: a decision of "today" is never in our future. */
function notBefore(clock: Clock, day: string): Clock {
  return { now: () => clock.now(), today: () => (clock.today() < day ? day : clock.today()) };
}
