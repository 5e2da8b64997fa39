import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import { type Actor, type ActorCtx, type Ctx, systemActor } from '../../core/actor.js';
import type { Clock } from '../../core/clock.js';
import { dateInShanghai } from '../../core/clock.js';
import { DomainError, fail } from '../../core/errors.js';
import { regulatorDept } from '../../core/policy.js';
import type { Db, ReportsTable } from '../../db/types.js';
import { reportVerifiedDisclosure } from '../../disclosure/index.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { findAgency } from '../agencies/index.js';
import { insertRecord } from '../records/index.js';
import { suspendOnComplaints } from './complaints.js';
import type { ReportDecisionInput, ReportInput, ReportView } from './schemas.js';
import { newTrackingNo } from './tracking.js';

/**
 * Reports of misconduct (举报, domain §8, §11). Anyone files one without a token and gets a tracking
 * number; a regulator dismisses it with reasons or verifies it, which makes a dishonesty record of
 * the regulator's department linked to the report, in the same transaction, and may suspend the agency
 * (three verified in a year). The reporter's contact stays in market.reports: not in the audit log,
 * not in any event, not in the record.
 */
type Row = Selectable<ReportsTable> & { uscc: string; name: string };

export function toView(row: Row): ReportView {
  return {
    id: row.id,
    trackingNo: row.tracking_no,
    agency: { uscc: row.uscc, name: row.name },
    facts: row.facts,
    contact: { name: row.contact_name, phone: row.contact_phone },
    state: row.state,
    receivedAt: row.received_at.toISOString(),
    decisionReason: row.decision_reason,
    decidedBy: row.decided_by,
    decidedDept: row.decided_dept,
    decidedAt: row.decided_at?.toISOString() ?? null,
    recordId: row.record_id,
    suspensionId: row.suspension_id,
  };
}

/** What the audit log keeps of a report: its state and decision, never the contact or the reported facts. */
const audited = (v: ReportView) => ({
  id: v.id,
  agencyUscc: v.agency.uscc,
  state: v.state,
  decisionReason: v.decisionReason,
  decidedDept: v.decidedDept,
  recordId: v.recordId,
  suspensionId: v.suspensionId,
});

const MAX_TRACKING_ATTEMPTS = 5;

/** A report from the public: the registry acts for the anonymous reporter. */
export async function fileReport(db: Db, env: { clock: Clock; requestId: string | null }, input: ReportInput) {
  const ctx: Ctx = { actor: systemActor('public-report'), clock: env.clock, requestId: env.requestId };
  const agency = await findAgency(db, input.agencyUscc);
  if (!agency) throw new DomainError('RULE_VIOLATED', `agencyUscc: no agency with ${input.agencyUscc} is in the 中介超市`);
  const receivedOn = ctx.clock.today();
  return db.transaction().execute(async (trx) => {
    for (let attempt = 0; attempt < MAX_TRACKING_ATTEMPTS; attempt++) {
      const row = await trx
        .insertInto('market.reports')
        .values({
          id: newId('report', ctx.clock.now()),
          tracking_no: newTrackingNo(receivedOn),
          subject_id: agency.subjectId,
          facts: input.facts,
          contact_name: input.contact.name,
          contact_phone: input.contact.phone,
          state: 'received',
          decision_reason: null,
          record_id: null,
          decided_by: null,
          decided_dept: null,
          decided_at: null,
          received_at: ctx.clock.now(),
        })
        // 50 random bits make a clash all but impossible; should one happen, draw again.
        .onConflict((oc) => oc.column('tracking_no').doNothing())
        .returningAll()
        .executeTakeFirst();
      if (!row) continue;
      const view = toView({ ...row, uscc: agency.uscc, name: agency.name });
      await recordAudit(trx, ctx, {
        action: 'report.receive',
        entityType: 'report',
        entityId: row.id,
        subjectId: agency.subjectId,
        after: audited(view),
      });
      return { trackingNo: row.tracking_no, state: 'received' as const, receivedOn };
    }
    throw new DomainError('UNAVAILABLE', 'no free tracking number could be drawn; please try again');
  });
}

/** The contact must not slip into the record, which is public: refused, naming the field. */
function assertNoContact(row: Row, fields: Record<string, string>) {
  const phoneDigits = row.contact_phone.replace(/\D/g, '');
  for (const [field, value] of Object.entries(fields)) {
    const hasPhone = phoneDigits.length >= 6 && value.replace(/\D/g, '').includes(phoneDigits);
    const hasName = row.contact_name.length >= 2 && value.includes(row.contact_name);
    if (hasPhone || hasName) {
      throw fail.validation(`record.${field}`, "contains the reporter's contact, which is never published; leave it out of the record");
    }
  }
}

/** Route guard: a regulator with a department (any department may take a report), and the report exists. */
export async function authorizeDecision(db: Db, actor: Actor, id: string) {
  regulatorDept(actor, 'decides reports');
  const found = await db.selectFrom('market.reports').select('subject_id').where('id', '=', id).executeTakeFirst();
  if (!found) throw fail.notFound(`report ${id}`);
  return found;
}

export async function decideReport(db: Db, ctx: ActorCtx, id: string, input: ReportDecisionInput) {
  const dept = regulatorDept(ctx.actor, 'decides reports');
  const found = await authorizeDecision(db, ctx.actor, id);
  return db.transaction().execute(async (trx) => {
    // All of the agency's reports, locked in one order: decisions about one agency run one at a time,
    // so the count of verified complaints that may suspend it is never read stale.
    await trx.selectFrom('market.reports').select('id').where('subject_id', '=', found.subject_id).orderBy('id').forUpdate().execute();
    const current = await trx
      .selectFrom('market.reports as r')
      .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
      .selectAll('r')
      .select(['s.uscc', 's.name'])
      .where('r.id', '=', id)
      .executeTakeFirstOrThrow();
    if (current.state !== 'received') {
      throw fail.transition(`report ${id} was already decided (${current.state}); a report is decided once`, current.state);
    }
    const before = toView(current);
    const decided = { decided_by: ctx.actor.sub, decided_dept: dept, decided_at: ctx.clock.now() };
    if (input.decision === 'dismiss') {
      const row = await trx
        .updateTable('market.reports')
        .set({ state: 'dismissed', decision_reason: input.reason, ...decided })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      const after = toView({ ...row, uscc: current.uscc, name: current.name });
      await recordAudit(trx, ctx, {
        action: 'report.dismiss',
        entityType: 'report',
        entityId: id,
        subjectId: current.subject_id,
        before: audited(before),
        after: audited(after),
      });
      return after;
    }
    const { record: facts } = input;
    assertNoContact(current, { facts: facts.facts, basis: facts.basis, documentNo: facts.documentNo });
    const receivedOn = dateInShanghai(current.received_at);
    if (facts.decidedOn < receivedOn) throw fail.validation('record.decidedOn', `before the report was received (${receivedOn})`);
    const record = await insertRecord(
      trx,
      ctx,
      dept,
      { subjectUscc: current.uscc, kind: 'dishonesty', ...facts, evidence: [], obligationsUnmet: false },
      { reportId: id },
    );
    await trx
      .updateTable('market.reports')
      .set({
        state: 'verified',
        record_id: record.id,
        decision_reason: input.reason ?? `举报经查属实，已记入失信记录（${record.documentNo}）`,
        ...decided,
      })
      .where('id', '=', id)
      .execute();
    await suspendOnComplaints(trx, ctx, current.subject_id);
    const row = await trx.selectFrom('market.reports').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const after = toView({ ...row, uscc: current.uscc, name: current.name });
    await recordPublicChange(trx, ctx, 'market.report_verified', {
      action: 'report.verify',
      entityType: 'report',
      entityId: id,
      subjectId: current.subject_id,
      before: audited(before),
      after: audited(after),
      payload: reportVerifiedDisclosure({
        id,
        agencyUscc: current.uscc,
        recordId: record.id,
        department: dept,
        decidedOn: ctx.clock.today(),
      }),
    });
    return after;
  });
}
