import { type Selectable, sql } from 'kysely';
import { queryTemplate } from '../../db/query-template.js';
import type { Db, SubjectsTable, Trx } from '../../db/types.js';
import type { SubjectView } from './schemas.js';

export type SubjectRow = Selectable<SubjectsTable>;

const COLUMNS = [
  'id',
  'uscc',
  'name',
  'kind',
  'legal_representative',
  'region',
  'previous_names',
  'version',
  'created_at',
  'updated_at',
] as const;

export function toView(row: Pick<SubjectRow, (typeof COLUMNS)[number]>): SubjectView {
  return {
    id: row.id,
    uscc: row.uscc,
    name: row.name,
    kind: row.kind,
    legalRepresentative: row.legal_representative,
    region: row.region,
    previousNames: row.previous_names,
    version: row.version,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** Compiled once (db/query-template.ts): the lookup nearly every request by code makes. */
const byUscc = queryTemplate(['uscc'], (db, { uscc }) => db.selectFrom('credit.subjects').select(COLUMNS).where('uscc', '=', uscc));

export async function findByUscc(db: Db | Trx, uscc: string) {
  const [row] = await byUscc(db, { uscc });
  return row;
}

export function lockByUscc(trx: Trx, uscc: string) {
  return trx.selectFrom('credit.subjects').select(COLUMNS).where('uscc', '=', uscc).forUpdate().executeTakeFirst();
}

export type SearchFilter = { q?: string; kind?: SubjectRow['kind']; after?: string; limit: number };

/**
 * Substring search on name, previous names and code. Two or more characters use the bigram GIN index
 * (every bigram of the query must be present), then strpos rechecks the exact substring.
 */
export function search(db: Db, filter: SearchFilter) {
  let query = db.selectFrom('credit.subjects').select(COLUMNS);
  if (filter.q) {
    const needle = filter.q.toLowerCase();
    if (needle.length >= 2) query = query.where(sql<boolean>`search_grams @> credit.bigrams(${needle})`);
    query = query.where(sql<boolean>`strpos(search_text, ${needle}) > 0`);
  }
  if (filter.kind) query = query.where('kind', '=', filter.kind);
  if (filter.after) query = query.where('id', '>', filter.after);
  return query
    .orderBy('id')
    .limit(filter.limit + 1)
    .execute();
}
