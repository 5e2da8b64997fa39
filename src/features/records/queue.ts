import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole, isSupervisor, regulatorDept } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { LISTERS } from './policy.js';
import type { RecordListFilter } from './queue-schemas.js';
import * as repo from './repo.js';

/**
 * A department's records as a work list (its case file), newest first: a regulator its own
 * department's, reviewers and admins any department's. A filter naming another department is refused
 * rather than silently narrowed. Current revisions only; ids are time-ordered, so the newest comes first.
 */
export async function listRecords(db: Db, actor: Actor, filter: RecordListFilter) {
  assertRole(actor, LISTERS, "list a department's records");
  let department = filter.department;
  if (!isSupervisor(actor)) {
    const dept = regulatorDept(actor, "lists its department's records");
    if (department && department !== dept) throw fail.forbidden("a regulator lists its own department's records");
    department = dept;
  }
  let q = db
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .selectAll('r')
    .select(['s.uscc', 's.name as subject_name'])
    .where('r.superseded_at', 'is', null);
  if (department) q = q.where('r.department', '=', department);
  if (filter.subject) q = q.where('s.uscc', '=', filter.subject);
  if (filter.kind) q = q.where('r.kind', '=', filter.kind);
  if (filter.severity) q = q.where('r.severity', '=', filter.severity);
  const before = decodeCursor(filter.cursor);
  if (before) q = q.where('r.id', '<', before);
  const rows = await q
    .orderBy('r.id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, repo.toView);
}
