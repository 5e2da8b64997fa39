import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole, isSupervisor, regulatorDept, subjectUscc } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { readAt } from '../calendar/index.js';
import { dueQueue } from '../credit-rules/index.js';
import { READERS } from './policy.js';
import type { RepairQueueFilter } from './queue-schemas.js';
import { toView } from './service.js';

/**
 * Repairs as a due-date queue: the running deadline first (accept or refuse by, while applied;
 * decide by, while accepted), overdue marked, closed ones last. Under the same object rule as reading
 * one (policy.assertMayRead): reviewers and admins see all, a regulator its own department's, a
 * subject its own; a filter naming someone else's is refused, not silently narrowed.
 */
const runningDue = sql<string | null>`CASE p.state WHEN 'applied' THEN p.accept_due_on WHEN 'accepted' THEN p.decide_due_on END`;

function scopeOf(actor: Actor, filter: RepairQueueFilter): { department?: string; subject?: string } {
  if (isSupervisor(actor)) return { department: filter.department, subject: filter.subject };
  if (actor.role === 'regulator') {
    const dept = regulatorDept(actor, "lists its department's repairs");
    if (filter.department && filter.department !== dept) throw fail.forbidden("a regulator sees its own department's repairs");
    return { department: dept, subject: filter.subject };
  }
  const own = subjectUscc(actor, 'lists its own repairs');
  if (filter.subject && filter.subject !== own) throw fail.forbidden('a subject sees only its own repairs');
  return { department: filter.department, subject: own };
}

export async function repairQueue(db: Db, actor: Actor, filter: RepairQueueFilter, today: IsoDate) {
  assertRole(actor, READERS, 'list repairs');
  const scope = scopeOf(actor, filter);
  const queue = dueQueue(runningDue, 'p.id', today);
  let q = db
    .selectFrom('credit.repairs as p')
    .innerJoin('credit.subjects as s', 's.id', 'p.subject_id')
    .selectAll('p')
    .select(['s.uscc', runningDue.as('running_due')]);
  if (scope.department) q = q.where('p.department', '=', scope.department);
  if (scope.subject) q = q.where('s.uscc', '=', scope.subject);
  if (filter.state === 'open') q = q.where('p.state', 'in', ['applied', 'accepted']);
  else if (filter.state !== 'all') q = q.where('p.state', '=', filter.state);
  const rows = await queue.rowsOf(q, filter);
  const at = await readAt(db, today);
  return queue.page(rows, filter.limit, (row) => toView(row, at));
}
