import type { DeadlineRecount } from '../calendar/index.js';
import { recountOpenDeadlines } from '../credit-rules/index.js';
import { STATEMENT_WINDOW_WORKDAYS } from './machine.js';

/** The statement window (5 工作日) of entries still notified, recounted on an official table. */
export const listDeadlineRecount: DeadlineRecount = {
  name: 'list-entries',
  async recount(trx, ctx, change) {
    const rows = await trx
      .selectFrom('credit.list_entries')
      .select(['id', 'notified_on', 'statement_due_on'])
      .where('state', '=', 'notified')
      .forUpdate()
      .execute();
    const open = rows.map((r) => ({
      entityId: r.id,
      field: 'statementDueOn',
      from: r.notified_on!,
      dueOn: r.statement_due_on!,
      workdays: STATEMENT_WINDOW_WORKDAYS,
    }));
    return recountOpenDeadlines(trx, ctx, change, 'list_entry', open, async (id, _field, stands) => {
      await trx.updateTable('credit.list_entries').set({ statement_due_on: stands }).where('id', '=', id).execute();
    });
  },
};
