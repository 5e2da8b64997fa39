import type { DeadlineRecount } from '../calendar/index.js';
import { recountOpenDeadlines } from '../credit-rules/index.js';
import { DECIDE_WORKDAYS, FORWARD_WORKDAYS } from './service.js';

/** Forwarding (1 工作日) and deciding (7 工作日, unless a person extended it) recounted on an official table. */
export const objectionDeadlineRecount: DeadlineRecount = {
  name: 'objections',
  async recount(trx, ctx, change) {
    const rows = await trx
      .selectFrom('credit.objections')
      .select(['id', 'state', 'filed_on', 'forward_due_on', 'forwarded_on', 'decide_due_on', 'extension_reason'])
      .where('state', 'in', ['filed', 'forwarded'])
      .forUpdate()
      .execute();
    const open = rows.flatMap((r) =>
      r.state === 'filed'
        ? [{ entityId: r.id, field: 'forwardDueOn', from: r.filed_on, dueOn: r.forward_due_on, workdays: FORWARD_WORKDAYS }]
        : r.extension_reason === null && r.forwarded_on && r.decide_due_on
          ? [{ entityId: r.id, field: 'decideDueOn', from: r.forwarded_on, dueOn: r.decide_due_on, workdays: DECIDE_WORKDAYS }]
          : [],
    );
    return recountOpenDeadlines(trx, ctx, change, 'objection', open, async (id, field, stands) => {
      const set = field === 'forwardDueOn' ? { forward_due_on: stands } : { decide_due_on: stands };
      await trx.updateTable('credit.objections').set(set).where('id', '=', id).execute();
    });
  },
};
