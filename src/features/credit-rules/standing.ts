import { type RawBuilder, sql } from 'kysely';
import type { Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { entryActiveOn, recordInEffect } from './index.js';

/**
 * Reads of credit standing for the 中介超市 (features/agencies): restrictions on a day for many
 * subjects at once, records that bar admission, and the records a 中介 score counts. Here, beside the
 * definitions of "in effect" and "active", so the market never has its own idea of them.
 */

/** Published black list entries active on a day, for these subjects. */
export function blackEntriesActiveAmong(db: Db | Trx, subjectIds: string[], on: IsoDate) {
  if (!subjectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('credit.list_entries as e')
    .select(['e.id', 'e.subject_id', 'e.document_no', 'e.published_on', 'e.valid_until', 'e.department'])
    .where('e.subject_id', 'in', subjectIds)
    .where('e.list', '=', 'black')
    .where(entryActiveOn('e', on))
    .orderBy('e.published_on')
    .orderBy('e.id')
    .execute();
}

/** Serious (严重) dishonesty records in effect on a day, for these subjects. */
export function seriousRecordsInEffectAmong(db: Db | Trx, subjectIds: string[], on: IsoDate) {
  if (!subjectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('credit.records as r')
    .select(['r.id', 'r.subject_id', 'r.document_no', 'r.decided_on', 'r.shown_until'])
    .where('r.subject_id', 'in', subjectIds)
    .where('r.kind', '=', 'dishonesty')
    .where('r.severity', '=', 'serious')
    .where(recordInEffect('r', on))
    .orderBy('r.decided_on')
    .orderBy('r.id')
    .execute();
}

/**
 * SQL true when the subject in `subjectColumn` is restricted on the day: an active black entry or a
 * serious record in effect. For listings that must leave restricted subjects out before paging.
 */
export function restrictedOn(subjectColumn: string, on: IsoDate): RawBuilder<boolean> {
  const subject = sql.ref(subjectColumn);
  return sql<boolean>`(EXISTS (SELECT 1 FROM credit.list_entries e WHERE e.subject_id = ${subject} AND e.list = 'black'
      AND ${entryActiveOn('e', on)})
    OR EXISTS (SELECT 1 FROM credit.records r WHERE r.subject_id = ${subject} AND r.kind = 'dishonesty'
      AND r.severity = 'serious' AND ${recordInEffect('r', on)}))`;
}

/**
 * Dishonesty records (any class) decided within [from, to], current and not voided, whether or not
 * still shown: a 中介 with one is refused admission (domain §8, a bad record in the previous 3 years).
 */
export function dishonestyDecidedBetween(db: Db | Trx, subjectId: string, from: IsoDate, to: IsoDate) {
  return db
    .selectFrom('credit.records as r')
    .select(['r.id', 'r.document_no', 'r.decided_on', 'r.severity'])
    .where('r.subject_id', '=', subjectId)
    .where('r.kind', '=', 'dishonesty')
    .where('r.superseded_at', 'is', null)
    .where('r.voided_on', 'is', null)
    .where('r.decided_on', '>=', from)
    .where('r.decided_on', '<=', to)
    .orderBy('r.decided_on')
    .orderBy('r.id')
    .execute();
}

/** Records in effect on a day for these subjects, public ones only when asked (what a public number may count). */
export function recordsInEffectAmongSubjects(db: Db | Trx, subjectIds: string[], on: IsoDate, publicOnly: boolean) {
  if (!subjectIds.length) return Promise.resolve([]);
  return recordsInEffectQuery(db, on, publicOnly).where('r.subject_id', 'in', subjectIds).execute();
}

/**
 * The query behind recordsInEffectAmongSubjects, oldest first, before it is narrowed to subjects: the
 * public profile embeds it as a subquery (`.where('r.subject_id', '=', sql.ref('s.id'))`), so a profile
 * is one round trip to the database.
 */
export function recordsInEffectQuery(db: Db | Trx, on: IsoDate, publicOnly: boolean) {
  let q = db
    .selectFrom('credit.records as r')
    .innerJoin('credit.categories as c', 'c.code', 'r.category')
    .select([
      'r.id',
      'r.subject_id',
      'r.kind',
      'r.severity',
      'r.category',
      'c.name as category_name',
      'r.is_public',
      'r.facts',
      'r.basis',
      'r.document_no',
      'r.decided_on',
      'r.department',
      'r.penalties',
      'r.shown_until',
    ])
    .where(recordInEffect('r', on));
  if (publicOnly) q = q.where('r.is_public', '=', true);
  return q.orderBy('r.decided_on').orderBy('r.id');
}
