import { recordAudit } from '../../audit/log.js';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { deadline, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { emitEvent } from '../../sync/outbox.js';
import { type Deadlines, deadlines } from '../calendar/index.js';
import { readableContract } from './contracts.js';
import { assertCanWriteLedger, assertSupervisor, COMPLAINANTS, COMPLAINT_HANDLERS } from './policy.js';

/** 整改台账 and contractor complaints: deadlines kept on each row, overdue derived. */

export async function listTasks(db: Db, actor: Actor, today: IsoDate, overdueOnly: boolean) {
  assertSupervisor(actor, 'read rectification tasks');
  let q = db
    .selectFrom('arrears.tasks as t')
    .innerJoin('arrears.obligations as o', 'o.id', 't.obligation_id')
    .innerJoin('arrears.contracts as c', 'c.id', 't.contract_id')
    .innerJoin('arrears.bodies as b', 'b.id', 'c.debtor_id')
    .select([
      't.id',
      't.obligation_id',
      't.contract_id',
      't.opened_on',
      't.measure',
      't.responsible_unit',
      't.deadline',
      't.closed_on',
      'o.due_on',
      'b.uscc',
      'b.name',
    ])
    .where('t.closed_on', 'is', null);
  if (overdueOnly) q = q.where((eb) => eb.or([eb('t.deadline', 'is', null), eb('t.deadline', '<', today)]));
  const rows = await q.orderBy('t.opened_on').orderBy('t.id').limit(1000).execute();
  return {
    items: rows.map((t) => ({
      id: t.id,
      obligationId: t.obligation_id,
      contractId: t.contract_id,
      debtor: { uscc: t.uscc, name: t.name },
      dueOn: t.due_on,
      openedOn: t.opened_on,
      measure: t.measure,
      responsibleUnit: t.responsible_unit,
      deadline: t.deadline,
      overdue: t.deadline === null || today > t.deadline,
      needsMeasure: t.measure === null,
    })),
  };
}

export async function updateTask(
  db: Db,
  ctx: ActorCtx,
  id: string,
  input: { measure: string; responsibleUnit: string; deadline: IsoDate },
) {
  assertCanWriteLedger(ctx.actor);
  return db.transaction().execute(async (trx) => {
    const task = await trx.selectFrom('arrears.tasks').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!task) throw fail.notFound(`task ${id}`);
    if (task.closed_on)
      throw new DomainError('INVALID_TRANSITION', `task ${id} closed on ${task.closed_on} when the obligation was paid in full`);
    await trx
      .updateTable('arrears.tasks')
      .set({ measure: input.measure, responsible_unit: input.responsibleUnit, deadline: input.deadline })
      .where('id', '=', id)
      .execute();
    await recordAudit(trx, ctx, { action: 'arrears.task.update', entityType: 'arrears_task', entityId: id, before: task, after: input });
    return { id, ...input };
  });
}

/** Transfer in 10 工作日; answer in 30 日, at most 90 日: periods in 日 end on a working day (第203条). */
export const TRANSFER_WORKDAYS = 10;
export const ANSWER_DAYS = 30;
const MAX_ANSWER_DAYS = 90;

type ComplaintRow = Awaited<ReturnType<typeof loadComplaint>>;
async function loadComplaint(db: Db | Trx, id: string) {
  const row = await db.selectFrom('arrears.complaints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`complaint ${id}`);
  return row;
}

/** The complaint as answered; `due` says whether its open deadlines rest on a provisional calendar. */
function complaintView(c: ComplaintRow, today: IsoDate, due: Deadlines) {
  const open = [!c.transferred_on ? c.transfer_due_on : null, !c.answered_on && !c.extension_reason ? c.answer_due_on : null];
  return {
    id: c.id,
    contractId: c.contract_id,
    receivedOn: c.received_on,
    content: c.content,
    transferDueOn: c.transfer_due_on,
    transferredOn: c.transferred_on,
    transferredTo: c.transferred_to,
    answerDueOn: c.answer_due_on,
    extensionReason: c.extension_reason,
    answeredOn: c.answered_on,
    answer: c.answer,
    justified: c.justified,
    creditRecordId: c.credit_record_id,
    creditRefusal: c.credit_refusal,
    ...deadline(!c.transferred_on ? c.transfer_due_on : !c.answered_on ? c.answer_due_on : null, today),
    deadlinesProvisional: open.some((dueOn) => dueOn !== null && due.provisional(c.received_on, dueOn)),
  };
}

/** A contractor complains about its own contract (or a clerk records the complaint). */
export async function fileComplaint(db: Db, ctx: ActorCtx, input: { contractId: string; content: string; receivedOn?: IsoDate }) {
  const contract = await readableContract(db, ctx.actor, input.contractId);
  assertRole(ctx.actor, COMPLAINANTS, 'file a complaint');
  const received = input.receivedOn ?? ctx.clock.today();
  if (received > ctx.clock.today()) throw fail.validation('receivedOn', 'in the future');
  const due = await deadlines(db);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('arrears.complaints')
      .values({
        id: newId('complaint', ctx.clock.now()),
        contract_id: contract.id,
        received_on: received,
        content: input.content,
        transfer_due_on: due.workdaysAfter(received, TRANSFER_WORKDAYS),
        transferred_on: null,
        transferred_to: null,
        answer_due_on: due.daysAfter(received, ANSWER_DAYS),
        extension_reason: null,
        answered_on: null,
        answer: null,
        justified: null,
        credit_record_id: null,
        created_by: ctx.actor.sub,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'arrears.complaint.file',
      entityType: 'arrears_complaint',
      entityId: row.id,
      after: { contractId: contract.id, receivedOn: received },
    });
    return complaintView(row, ctx.clock.today(), due);
  });
}

export async function listComplaints(db: Db, actor: Actor, today: IsoDate, overdueOnly: boolean) {
  assertSupervisor(actor, 'read complaints');
  const due = await deadlines(db);
  const rows = await db
    .selectFrom('arrears.complaints')
    .selectAll()
    .where('answered_on', 'is', null)
    .orderBy('received_on')
    .limit(1000)
    .execute();
  const items = rows.map((r) => complaintView(r, today, due));
  return { items: overdueOnly ? items.filter((i) => i.overdue) : items };
}

export async function transferComplaint(db: Db, ctx: ActorCtx, id: string, to: string) {
  assertRole(ctx.actor, COMPLAINT_HANDLERS, 'transfer complaints');
  const due = await deadlines(db);
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('arrears.complaints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!c) throw fail.notFound(`complaint ${id}`);
    if (c.transferred_on) throw new DomainError('INVALID_TRANSITION', `complaint ${id} was transferred on ${c.transferred_on}`);
    const row = await trx
      .updateTable('arrears.complaints')
      .set({ transferred_on: ctx.clock.today(), transferred_to: to })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'arrears.complaint.transfer', entityType: 'arrears_complaint', entityId: id, after: { to } });
    return complaintView(row, ctx.clock.today(), due);
  });
}

export async function extendComplaint(db: Db, ctx: ActorCtx, id: string, input: { reason: string; newDueOn: IsoDate }) {
  assertRole(ctx.actor, COMPLAINT_HANDLERS, 'extend complaint deadlines');
  const due = await deadlines(db);
  return db.transaction().execute(async (trx) => {
    const c = await trx.selectFrom('arrears.complaints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!c) throw fail.notFound(`complaint ${id}`);
    if (c.answered_on) throw new DomainError('INVALID_TRANSITION', 'the complaint is answered');
    const limit = due.daysAfter(c.received_on, MAX_ANSWER_DAYS);
    if (input.newDueOn > limit)
      throw new DomainError('RULE_VIOLATED', `an answer may be extended to at most ${MAX_ANSWER_DAYS} days after receipt (${limit})`);
    if (input.newDueOn <= c.answer_due_on) throw fail.validation('newDueOn', `must be after ${c.answer_due_on}`);
    const row = await trx
      .updateTable('arrears.complaints')
      .set({ answer_due_on: input.newDueOn, extension_reason: input.reason })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { action: 'arrears.complaint.extend', entityType: 'arrears_complaint', entityId: id, after: input });
    return complaintView(row, ctx.clock.today(), due);
  });
}

/**
 * The answer. A complaint found justified becomes a 政务失信 record of the debtor body on the credit
 * side: the answer announces it with an outbox event in its own transaction (with the record's id, so
 * the complaint can show it at once), and the credit side's consumer records it exactly once. The
 * ledger never writes credit tables and imports no credit feature.
 */
export async function answerComplaint(
  db: Db,
  ctx: ActorCtx,
  id: string,
  input: { answer: string; justified: boolean; documentNo?: string },
) {
  assertRole(ctx.actor, COMPLAINT_HANDLERS, 'answer complaints');
  const dept = ctx.actor.dept;
  if (input.justified && (ctx.actor.role !== 'regulator' || !dept))
    throw fail.forbidden('a justified complaint becomes a credit record: a regulator with a department answers it');
  const due = await deadlines(db);
  const complaint = await loadComplaint(db, id);
  if (complaint.answered_on) throw answeredAlready(complaint, ctx.clock.today(), due);
  if (input.justified && !input.documentNo)
    throw fail.validation('documentNo', "a justified complaint needs the decision's document number");
  const contract = await readableContract(db, ctx.actor, complaint.contract_id);
  return db.transaction().execute(async (trx) => {
    const today = ctx.clock.today();
    const recordId = input.justified ? newId('record', ctx.clock.now()) : null;
    const row = await trx
      .updateTable('arrears.complaints')
      .set({ answered_on: today, answer: input.answer, justified: input.justified, credit_record_id: recordId })
      .where('id', '=', id)
      .where('answered_on', 'is', null)
      .returningAll()
      .executeTakeFirst();
    // Another answer committed first (its update held the row; ours then matched nothing): say so, with the complaint as it stands.
    if (!row) throw answeredAlready(await loadComplaint(trx, id), today, due);
    if (recordId) {
      await emitEvent(
        trx,
        ctx,
        'arrears.complaint_justified',
        { entityType: 'arrears_complaint', entityId: id },
        {
          complaintId: id,
          contractId: contract.id,
          projectName: contract.project_name,
          creditRecordId: recordId,
          decidedBy: { sub: ctx.actor.sub, dept: dept! },
          debtor: { uscc: contract.debtor_uscc, name: contract.debtor_name },
          documentNo: input.documentNo!,
          decidedOn: today,
        },
      );
    }
    await recordAudit(trx, ctx, {
      action: 'arrears.complaint.answer',
      entityType: 'arrears_complaint',
      entityId: id,
      after: { justified: input.justified, creditRecordId: recordId },
    });
    return complaintView(row, today, due);
  });
}

/** A complaint is answered once: a later or racing answer is 409, with the complaint as it now stands. */
function answeredAlready(c: ComplaintRow, today: IsoDate, due: Deadlines) {
  return new DomainError('INVALID_TRANSITION', `complaint ${c.id} was answered on ${c.answered_on}`, {
    state: 'answered',
    complaint: complaintView(c, today, due),
  });
}
