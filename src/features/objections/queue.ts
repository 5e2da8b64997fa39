import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { isSupervisor, regulatorDept } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { readAt } from '../calendar/index.js';
import { dueQueue } from '../credit-rules/index.js';
import { queueStatesFor } from './policy.js';
import type { ObjectionQueueFilter } from './queue-schemas.js';
import { toView } from './service.js';

/**
 * Objections as a due-date queue for whoever acts next, the running deadline first (forward by,
 * while filed; decide by, while forwarded), overdue marked, closed ones last. What each sees follows
 * reading one (policy.assertMay): reviewers and admins all; a regulator its own department's; the
 * city platform those waiting to be forwarded (its part, domain §6); anyone else the ones it filed.
 * A filter naming what the caller may not see is refused, not silently narrowed.
 */
const runningDue = sql<string | null>`CASE o.state WHEN 'filed' THEN o.forward_due_on WHEN 'forwarded' THEN o.decide_due_on END`;

type Scope = { department?: string; filedBy?: string; onlyFiled?: boolean };

function scopeOf(actor: Actor, filter: ObjectionQueueFilter): Scope {
  if (isSupervisor(actor)) return { department: filter.department };
  if (actor.role === 'regulator') {
    const dept = regulatorDept(actor, "lists its department's objections");
    if (filter.department && filter.department !== dept) throw fail.forbidden("a regulator sees its own department's objections");
    return { department: dept };
  }
  if (actor.role === 'platform') {
    if (!queueStatesFor(actor.role).includes(filter.state))
      throw fail.forbidden('the platform sees the objections waiting to be forwarded');
    return { department: filter.department, onlyFiled: true };
  }
  return { department: filter.department, filedBy: actor.sub };
}

export async function objectionQueue(db: Db, actor: Actor, filter: ObjectionQueueFilter, today: IsoDate) {
  const scope = scopeOf(actor, filter);
  const queue = dueQueue(runningDue, 'o.id', today);
  let q = db
    .selectFrom('credit.objections as o')
    .innerJoin('credit.subjects as s', 's.id', 'o.subject_id')
    .selectAll('o')
    .select(['s.uscc', runningDue.as('running_due')]);
  if (scope.department) q = q.where('o.department', '=', scope.department);
  if (scope.filedBy) q = q.where('o.filed_by', '=', scope.filedBy);
  if (filter.subject) q = q.where('s.uscc', '=', filter.subject);
  if (scope.onlyFiled || filter.state === 'filed') q = q.where('o.state', '=', 'filed');
  else if (filter.state === 'open') q = q.where('o.state', 'in', ['filed', 'forwarded']);
  else if (filter.state !== 'all') q = q.where('o.state', '=', filter.state);
  const rows = await queue.rowsOf(q, filter);
  const at = await readAt(db, today);
  return queue.page(rows, filter.limit, (row) => toView(row, at));
}
