import { recordAudit } from '../../audit/log.js';
import type { Ctx } from '../../core/actor.js';
import type { Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { type CalendarChange, type DeadlineRecount, laterStands, type RecountedDeadline } from '../calendar/index.js';
import { ANSWER_DAYS, TRANSFER_WORKDAYS } from './tracking.js';

/**
 * The ledger's deadlines recounted when an admin loads the official table of a year they were counted
 * on provisionally (domain §7). The later date stands, with an audit row for each one that moves:
 * - complaints not yet transferred (10 工作日) or answered (30 日; an extended answer keeps the date a
 *   person chose);
 * - obligations whose due date has not passed yet: their inspection deadline and due date (日, 第203条).
 *   One already past has had its consequences on the day counted (interest from the next day, a
 *   rectification task), so it is not moved back in time.
 */
export const arrearsDeadlineRecount: DeadlineRecount = {
  name: 'arrears',
  async recount(trx, ctx, change) {
    return [...(await recountComplaints(trx, ctx, change)), ...(await recountObligations(trx, ctx, change))];
  },
};

const firstDay = (year: number): IsoDate => `${year}-01-01`;
const lastDay = (year: number): IsoDate => `${year}-12-31`;

async function recountComplaints(trx: Trx, ctx: Ctx, change: CalendarChange): Promise<RecountedDeadline[]> {
  const rows = await trx
    .selectFrom('arrears.complaints')
    .selectAll()
    .where('received_on', '<=', lastDay(change.year))
    .where((eb) =>
      eb.or([
        eb.and([eb('transferred_on', 'is', null), eb('transfer_due_on', '>=', firstDay(change.year))]),
        eb.and([eb('answered_on', 'is', null), eb('extension_reason', 'is', null), eb('answer_due_on', '>=', firstDay(change.year))]),
      ]),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const all: RecountedDeadline[] = [];
  for (const c of rows) {
    const entity = { entityType: 'arrears_complaint', entityId: c.id };
    const found = [
      !c.transferred_on && change.reached(c.received_on, c.transfer_due_on)
        ? laterStands(
            { ...entity, field: 'transferDueOn', was: c.transfer_due_on },
            change.deadlines.workdaysAfter(c.received_on, TRANSFER_WORKDAYS),
          )
        : null,
      !c.answered_on && !c.extension_reason && change.reached(c.received_on, c.answer_due_on)
        ? laterStands({ ...entity, field: 'answerDueOn', was: c.answer_due_on }, change.deadlines.daysAfter(c.received_on, ANSWER_DAYS))
        : null,
    ].filter((r): r is RecountedDeadline => r !== null);
    const transfer = found.find((r) => r.field === 'transferDueOn' && r.stands !== r.was);
    const answer = found.find((r) => r.field === 'answerDueOn' && r.stands !== r.was);
    if (transfer || answer) {
      await trx
        .updateTable('arrears.complaints')
        .set({ transfer_due_on: transfer?.stands ?? c.transfer_due_on, answer_due_on: answer?.stands ?? c.answer_due_on })
        .where('id', '=', c.id)
        .execute();
    }
    await auditRecount(trx, ctx, change.year, 'arrears_complaint', c.id, found);
    all.push(...found);
  }
  return all;
}

async function recountObligations(trx: Trx, ctx: Ctx, change: CalendarChange): Promise<RecountedDeadline[]> {
  const rows = await trx
    .selectFrom('arrears.obligations as o')
    .innerJoin('arrears.contracts as c', 'c.id', 'o.contract_id')
    .select([
      'o.id',
      'o.basis',
      'o.arose_on',
      'o.inspection_deadline',
      'o.inspected_on',
      'o.start_on',
      'o.due_on',
      'c.payment_term_days',
      'c.inspection_period_days',
    ])
    .where('o.arose_on', '<=', lastDay(change.year))
    .where('o.due_on', '>=', firstDay(change.year))
    .where('o.due_on', '>=', ctx.clock.today())
    .orderBy('o.id')
    .forUpdate('o')
    .execute();
  const all: RecountedDeadline[] = [];
  for (const o of rows) {
    const entity = { entityType: 'arrears_obligation', entityId: o.id };
    const found: RecountedDeadline[] = [];
    let inspection = o.inspection_deadline;
    if (o.inspection_deadline && o.inspection_period_days && change.reached(o.arose_on, o.inspection_deadline)) {
      const r = laterStands(
        { ...entity, field: 'inspectionDeadline', was: o.inspection_deadline },
        change.deadlines.daysAfter(o.arose_on, o.inspection_period_days),
      );
      if (r) {
        found.push(r);
        inspection = r.stands;
      }
    }
    // The clock starts when inspection passes, or when the agreed period ends if the buyer is later.
    const start = inspection ? (o.inspected_on && o.inspected_on < inspection ? o.inspected_on : inspection) : o.start_on;
    if (start !== o.start_on || change.reached(start, o.due_on)) {
      const r = laterStands({ ...entity, field: 'dueOn', was: o.due_on }, change.deadlines.daysAfter(start, o.payment_term_days));
      if (r) found.push(r);
    }
    const due = found.find((r) => r.field === 'dueOn')?.stands ?? o.due_on;
    if (inspection !== o.inspection_deadline || start !== o.start_on || due !== o.due_on) {
      await trx
        .updateTable('arrears.obligations')
        .set({ inspection_deadline: inspection, start_on: start, due_on: due })
        .where('id', '=', o.id)
        .execute();
    }
    await auditRecount(trx, ctx, change.year, 'arrears_obligation', o.id, found);
    all.push(...found);
  }
  return all;
}

async function auditRecount(trx: Trx, ctx: Ctx, year: number, entityType: string, entityId: string, found: RecountedDeadline[]) {
  if (!found.length) return;
  await recordAudit(trx, ctx, {
    action: `${entityType.replace('_', '.')}.recount`,
    entityType,
    entityId,
    before: Object.fromEntries(found.map((r) => [r.field, r.was])),
    after: { officialCalendar: year, recounted: found },
  });
}
