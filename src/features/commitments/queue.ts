import { sql } from 'kysely';
import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole, isSupervisor, regulatorDept, subjectUscc } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { assertMayRead, READERS } from './policy.js';
import type { CommitmentListFilter } from './queue-schemas.js';
import { type Row, toView } from './service.js';

/**
 * Reading commitments back, one or a filtered page, under policy.mayRead. A commitment is overdue
 * when it is still pending after its last valid day: the promise has run out and no one has said
 * whether it was kept. The sweep reports these every day (jobs/sweep.ts) for the accepting unit.
 */
const withSubject = (db: Db) =>
  db
    .selectFrom('credit.commitments as c')
    .innerJoin('credit.subjects as s', 's.id', 'c.subject_id')
    .selectAll('c')
    .select(['s.uscc', 's.name as subject_name', 's.kind as subject_kind']);

const overdueSql = (today: IsoDate) => sql<boolean>`(c.status = 'pending' AND c.valid_until < ${today}::date)`;

const readView = (row: Row, today: IsoDate) => ({
  ...toView(row),
  overdue: row.status === 'pending' && row.valid_until !== null && row.valid_until < today,
});

/** Route guard: the commitment exists and the actor may read it. */
export async function authorizeRead(db: Db, actor: Actor, id: string) {
  const row = await withSubject(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`commitment ${id}`);
  assertMayRead(actor, row);
}

export async function getCommitment(db: Db, actor: Actor, id: string, today: IsoDate) {
  assertRole(actor, READERS, 'read commitments');
  const row = await withSubject(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`commitment ${id}`);
  assertMayRead(actor, row);
  return readView(row, today);
}

/**
 * A page of commitments, oldest first. Reviewers and admins see all; a regulator its own unit's and
 * the public ones of others; a subject its own (a filter naming another subject is refused).
 */
export async function listCommitments(db: Db, actor: Actor, filter: CommitmentListFilter, today: IsoDate) {
  assertRole(actor, READERS, 'list commitments');
  let q = withSubject(db);
  if (actor.role === 'subject') {
    const own = subjectUscc(actor, 'lists its own commitments');
    if (filter.subject && filter.subject !== own) throw fail.forbidden('a subject lists only its own commitments');
    q = q.where('s.uscc', '=', own);
  } else if (!isSupervisor(actor)) {
    const dept = regulatorDept(actor, "lists its unit's commitments");
    q = q.where((eb) => eb.or([eb('c.accepting_unit_uscc', '=', dept), eb('c.publicity', '=', 'public')]));
  }
  if (filter.subject) q = q.where('s.uscc', '=', filter.subject);
  if (filter.acceptingUnit) q = q.where('c.accepting_unit_uscc', '=', filter.acceptingUnit);
  if (filter.status) q = q.where('c.status', '=', filter.status);
  if (filter.type) q = q.where('c.type', '=', filter.type);
  if (filter.overdue === 'true') q = q.where(overdueSql(today));
  if (filter.overdue === 'false') q = q.where(sql<boolean>`NOT ${overdueSql(today)}`);
  const after = decodeCursor(filter.cursor);
  if (after) q = q.where('c.id', '>', after);
  const rows = await q
    .orderBy('c.id')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (row) => readView(row, today));
}

/**
 * The sweep's part: commitments still pending after their validity ended, for the accepting unit to
 * decide whether each was kept. Nothing changes by itself: keeping a promise is a fact a person states.
 */
export async function overdueCommitments(db: Db, today: IsoDate) {
  const rows = await db
    .selectFrom('credit.commitments as c')
    .select(['c.id', 'c.code', 'c.valid_until', 'c.accepting_unit_uscc'])
    .where(overdueSql(today))
    .orderBy('c.valid_until')
    .orderBy('c.id')
    .execute();
  return rows.map((r) => ({ id: r.id, code: r.code, validUntil: r.valid_until!, acceptingUnit: r.accepting_unit_uscc }));
}
