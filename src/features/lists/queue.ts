import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole, isSupervisor, regulatorDept, subjectUscc } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { readAt } from '../calendar/index.js';
import { PARTIES } from './policy.js';
import type { EntryListFilter } from './queue-schemas.js';
import * as repo from './repo.js';

/**
 * List entries as a work list, under the same object rule as reading one (policy.assertMayTouch):
 * reviewers and admins see every department's, a regulator its own department's, a subject its own.
 * A filter naming someone else's department or subject is refused rather than silently narrowed, so a
 * caller never mistakes "not yours" for "none". Oldest first (ids are time-ordered): a queue.
 */
function scopeOf(actor: Actor, filter: EntryListFilter): { department?: string; subject?: string } {
  if (isSupervisor(actor)) return { department: filter.department, subject: filter.subject };
  if (actor.role === 'regulator') {
    const dept = regulatorDept(actor, 'lists its entries');
    if (filter.department && filter.department !== dept) throw fail.forbidden("a regulator lists its own department's entries");
    return { department: dept, subject: filter.subject };
  }
  const own = subjectUscc(actor, 'lists its own entries');
  if (filter.subject && filter.subject !== own) throw fail.forbidden('a subject lists only its own list entries');
  return { department: filter.department, subject: own };
}

export async function listEntries(db: Db, actor: Actor, filter: EntryListFilter, today: IsoDate) {
  assertRole(actor, PARTIES, 'list list entries');
  const scope = scopeOf(actor, filter);
  const after = decodeCursor(filter.cursor);
  let q = db
    .selectFrom('credit.list_entries as e')
    .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
    .selectAll('e')
    .select(['s.uscc', 's.name as subject_name', 's.legal_representative']);
  if (scope.department) q = q.where('e.department', '=', scope.department);
  if (scope.subject) q = q.where('s.uscc', '=', scope.subject);
  if (filter.state) q = q.where('e.state', '=', filter.state);
  if (filter.list) q = q.where('e.list', '=', filter.list);
  if (filter.awaitingPublication === 'true') {
    // What publish() accepts: notified, and the window over or the statement made.
    q = q.where('e.state', '=', 'notified').where(sql<boolean>`(e.statement IS NOT NULL OR e.statement_due_on < ${today}::date)`);
  } else if (filter.awaitingPublication === 'false') {
    q = q.where(sql<boolean>`NOT (e.state = 'notified' AND (e.statement IS NOT NULL OR e.statement_due_on < ${today}::date))`);
  }
  if (after) q = q.where('e.id', '>', after);
  const rows = await q
    .orderBy('e.id')
    .limit(filter.limit + 1)
    .execute();
  const at = await readAt(db, today);
  return toPage(rows, filter.limit, (row) => repo.toView(row, at));
}
