import { sql } from 'kysely';
import { decodeKeyCursor, joinKey, toPageBy } from '../../core/pagination.js';
import type { Db } from '../../db/types.js';
import { publishedListEntry } from '../../disclosure/index.js';
import { type IsoDate, isIsoDate } from '../../lib/dates.js';
import { entryActiveOn } from '../credit-rules/index.js';
import { departmentNames } from '../departments/index.js';

/**
 * The red and black lists as the law publishes them (no token): entries active today, newest
 * publication first. Nothing proposed or notified (not yet public), withdrawn, exited, expired or
 * voided: entryActiveOn is the one definition the profile, the check and the scoring also use. Watch
 * entries (重点关注) are not a published list.
 */
export const PUBLISHED_LISTS = ['red', 'black'] as const;

export async function publishedEntries(
  db: Db,
  query: { list?: (typeof PUBLISHED_LISTS)[number]; q?: string; department?: string; limit: number; cursor?: string },
  today: IsoDate,
) {
  const after = decodeKeyCursor(query.cursor, isIsoDate);
  let q = db
    .selectFrom('credit.list_entries as e')
    .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
    .select([
      'e.id',
      'e.list',
      'e.reason',
      'e.basis',
      'e.document_no',
      'e.department',
      'e.published_on',
      'e.valid_until',
      's.uscc',
      's.name',
      's.legal_representative',
    ])
    .where(entryActiveOn('e', today))
    .where('e.list', 'in', query.list ? [query.list] : [...PUBLISHED_LISTS]);
  if (query.department) q = q.where('e.department', '=', query.department);
  if (query.q) {
    // The same match as the public search: the name, a former name (曾用名) or the code, any case.
    const needle = query.q.toLowerCase();
    if (needle.length >= 2) q = q.where(sql<boolean>`s.search_grams @> credit.bigrams(${needle})`);
    q = q.where(sql<boolean>`strpos(s.search_text, ${needle}) > 0`);
  }
  if (after) q = q.where(sql<boolean>`(e.published_on, e.id) < (${after.first}::date, ${after.id})`);
  const rows = await q
    .orderBy('e.published_on', 'desc')
    .orderBy('e.id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const names = await departmentNames(
    db,
    rows.map((r) => r.department),
  );
  return toPageBy(
    rows,
    query.limit,
    (r) => joinKey(r.published_on!, r.id),
    (r) => ({
      ...publishedListEntry({
        id: r.id,
        list: r.list,
        reason: r.reason,
        basis: r.basis,
        documentNo: r.document_no,
        department: r.department,
        publishedOn: r.published_on!,
        validUntil: r.valid_until,
        subjectUscc: r.uscc,
        subjectName: r.name,
        legalRepresentative: r.legal_representative,
      }),
      departmentName: names.get(r.department) ?? null,
    }),
  );
}

/**
 * The departments that have entries on a published list in force today, by name: what a reader of the
 * list can filter it by. Only what the list itself shows (the deciding department of a public entry).
 */
export async function publishingDepartments(db: Db, list: (typeof PUBLISHED_LISTS)[number], today: IsoDate) {
  const rows = await db
    .selectFrom('credit.list_entries as e')
    .select('e.department')
    .distinct()
    .where('e.list', '=', list)
    .where(entryActiveOn('e', today))
    .execute();
  const codes = rows.map((r) => r.department);
  const names = await departmentNames(db, codes);
  return codes
    .map((code) => ({ code, name: names.get(code) ?? null }))
    .sort((a, b) => (a.name ?? a.code).localeCompare(b.name ?? b.code, 'zh-CN') || a.code.localeCompare(b.code));
}
