import { recordAudit } from '../../audit/log.js';
import type { Ctx } from '../../core/actor.js';
import type { Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { type CalendarChange, laterStands, type RecountedDeadline } from '../calendar/index.js';

/**
 * The credit side's deadlines in 工作日 recounted when an official table replaces a provisional one
 * (domain §7): for each open deadline counted over the year just loaded, the later of the stored and
 * the recounted date stands, with an audit row. Each feature says which deadlines it keeps open and
 * how to store a moved one; the counting and the audit are here, once.
 */
export type OpenDeadline = { entityId: string; field: string; from: IsoDate; dueOn: IsoDate; workdays: number };

export async function recountOpenDeadlines(
  trx: Trx,
  ctx: Ctx,
  change: CalendarChange,
  entityType: string,
  open: OpenDeadline[],
  store: (entityId: string, field: string, stands: IsoDate) => Promise<void>,
): Promise<RecountedDeadline[]> {
  const all: RecountedDeadline[] = [];
  for (const d of open) {
    if (!change.reached(d.from, d.dueOn)) continue;
    const moved = laterStands(
      { entityType, entityId: d.entityId, field: d.field, was: d.dueOn },
      change.deadlines.workdaysAfter(d.from, d.workdays),
    );
    if (!moved) continue;
    if (moved.stands !== moved.was) await store(d.entityId, d.field, moved.stands);
    await recordAudit(trx, ctx, {
      action: `${entityType}.recount`,
      entityType,
      entityId: d.entityId,
      before: { [d.field]: d.dueOn },
      after: { officialCalendar: change.year, recounted: moved },
    });
    all.push(moved);
  }
  return all;
}
