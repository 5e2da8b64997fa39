import type { Consumer } from '../../sync/consumers.js';
import { ensureSubject } from '../subjects/index.js';
import { insertRecord } from './service.js';

/**
 * The credit side of a justified arrears complaint (保障中小企业款项支付条例): the debtor body gets a
 * 政务失信 record of the answering department, under the record id the ledger announced, registering
 * the body as a subject first when the registry does not know it yet. The ledger and the credit side
 * share no table and no import: the outbox event is their only contract, and it is handled once.
 */
export const recordsFromArrearsComplaints: Consumer<'arrears.complaint_justified'> = {
  name: 'credit.records-from-arrears-complaints',
  type: 'arrears.complaint_justified',
  async handle(trx, event, clock) {
    const p = event.payload;
    const ctx = { actor: { sub: p.decidedBy.sub, role: 'regulator' as const, dept: p.decidedBy.dept }, clock, requestId: null };
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
};
