import type { DeadlineRecount } from '../calendar/index.js';
import { recountOpenDeadlines } from '../credit-rules/index.js';
import { ACCEPT_WORKDAYS, COMPLEX_EXTRA_WORKDAYS, DECIDE_WORKDAYS } from './service.js';

/** Accepting (3 工作日) and deciding (7, +10 when complex) recounted on an official table. */
export const repairDeadlineRecount: DeadlineRecount = {
  name: 'repairs',
  async recount(trx, ctx, change) {
    const rows = await trx
      .selectFrom('credit.repairs')
      .select(['id', 'state', 'applied_on', 'accept_due_on', 'accepted_on', 'decide_due_on', 'complex'])
      .where('state', 'in', ['applied', 'accepted'])
      .forUpdate()
      .execute();
    const open = rows.flatMap((r) =>
      r.state === 'applied'
        ? [{ entityId: r.id, field: 'acceptDueOn', from: r.applied_on, dueOn: r.accept_due_on, workdays: ACCEPT_WORKDAYS }]
        : r.accepted_on && r.decide_due_on
          ? [
              {
                entityId: r.id,
                field: 'decideDueOn',
                from: r.accepted_on,
                dueOn: r.decide_due_on,
                workdays: DECIDE_WORKDAYS + (r.complex ? COMPLEX_EXTRA_WORKDAYS : 0),
              },
            ]
          : [],
    );
    return recountOpenDeadlines(trx, ctx, change, 'repair', open, async (id, field, stands) => {
      const set = field === 'acceptDueOn' ? { accept_due_on: stands } : { decide_due_on: stands };
      await trx.updateTable('credit.repairs').set(set).where('id', '=', id).execute();
    });
  },
};
