import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';

/**
 * The credit side's shared definitions of "in effect", used by records, lists, evaluation, checks,
 * repairs, objections and the public profile alike, so they can never disagree. SQL fragments over a
 * table alias, for any date (today, or "as of" a past day).
 *
 * The one definition of "a record is in effect on day D" (it counts in evaluations, restricts, and is
 * shown when public): the current revision, decided by D, not voided, and D within its shown period,
 * or held past it because its obligations are unmet and no person has ended it (domain §3).
 */
export function recordInEffect(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const r = sql.ref(alias);
  const day = typeof on === 'string' ? sql`${on}::date` : on;
  return sql<boolean>`(${r}.superseded_at IS NULL AND ${r}.decided_on <= ${day} AND ${r}.voided_on IS NULL
    AND (${r}.shown_until >= ${day} OR (${r}.obligations_unmet AND ${r}.end_reason IS NULL)))`;
}

/** The fields of a record's view that decide whether it is in effect. */
export type RecordEffectFacts = {
  supersededAt: string | null;
  decidedOn: IsoDate;
  voidedOn: IsoDate | null;
  shownUntil: IsoDate;
  obligationsUnmet: boolean;
  endReason: string | null;
};

/**
 * recordInEffect's twin over a record's view, for what is already read (a page offering the steps a
 * record allows, a form listing the records an entry may rest on): the same definition, clause for
 * clause, so the two are read and changed together (tests/features/credit-rules-in-effect.test.ts).
 */
export function isRecordInEffect(r: RecordEffectFacts, on: IsoDate): boolean {
  return (
    r.supersededAt === null &&
    r.decidedOn <= on &&
    r.voidedOn === null &&
    (r.shownUntil >= on || (r.obligationsUnmet && r.endReason === null))
  );
}

/**
 * The one definition of "a list entry is active on day D": published by D, not yet exited, within its
 * validity, and not voided (an upheld objection removes it as if it had never been listed).
 */
export function entryActiveOn(alias: string, on: IsoDate | RawBuilder<unknown>): RawBuilder<boolean> {
  const e = sql.ref(alias);
  const day = typeof on === 'string' ? sql`${on}::date` : on;
  return sql<boolean>`(${e}.published_on IS NOT NULL AND ${e}.published_on <= ${day} AND NOT ${e}.voided
    AND ${e}.valid_until >= ${day} AND (${e}.exited_on IS NULL OR ${e}.exited_on > ${day}))`;
}

/**
 * Reads of records that list and repair rules rest on. Here, beside the definitions they use, so the
 * lists feature never queries the records feature's table on its own.
 */
export function dishonestyInEffect(db: Db | Trx, subjectId: string, on: IsoDate) {
  return db
    .selectFrom('credit.records as r')
    .select(['r.id', 'r.document_no', 'r.severity'])
    .where('r.subject_id', '=', subjectId)
    .where('r.kind', '=', 'dishonesty')
    .where(recordInEffect('r', on))
    .execute();
}

/** Which of these records are current and in effect on a day, with their subject and severity. */
export function recordsInEffectAmong(db: Db | Trx, ids: string[], on: IsoDate) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('credit.records as r')
    .select(['r.id', 'r.severity', 'r.kind', 'r.subject_id', 'r.department'])
    .where('r.id', 'in', ids)
    .where(recordInEffect('r', on))
    .execute();
}

/** How each current record among these ended (null while it runs). */
export async function endReasonsOf(db: Db | Trx, ids: string[]) {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('credit.records')
    .select('end_reason')
    .where('id', 'in', ids)
    .where('superseded_at', 'is', null)
    .execute();
  return rows.map((r) => r.end_reason);
}

/** The current records among these whose subject has not yet met its obligations. */
export function withUnmetObligations(db: Db | Trx, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('credit.records')
    .select(['id', 'document_no'])
    .where('id', 'in', ids)
    .where('superseded_at', 'is', null)
    .where('obligations_unmet', '=', true)
    .execute();
}

export { dueQueue } from './due-queue.js';
export { type OpenDeadline, recountOpenDeadlines } from './recount.js';
export {
  blackEntriesActiveAmong,
  dishonestyDecidedBetween,
  recordsInEffectAmongSubjects,
  recordsInEffectQuery,
  restrictedOn,
  seriousRecordsInEffectAmong,
} from './standing.js';
