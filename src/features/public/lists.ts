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
  query: { list?: (typeof PUBLISHED_LISTS)[number]; limit: number; cursor?: string },
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
