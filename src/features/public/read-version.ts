import { type RawBuilder, sql } from 'kysely';
import { queryTemplate } from '../../db/query-template.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';

/**
 * The version of what a subject's public answers are made of (schema 0015): its own rows, as (count,
 * max) of its version log, and the shared reference data. The same SQL is read inside each answer's
 * one query (so the ETag describes exactly the data served) and alone to revalidate (one index lookup).
 */
export function readVersionOf(subjectId: RawBuilder<string>): RawBuilder<string> {
  return sql<string>`((SELECT count(*) || '.' || coalesce(max(v.version), 0) FROM credit.subject_versions v WHERE v.subject_id = ${subjectId})
    || '.' || (SELECT rv.version FROM credit.reference_version rv))`;
}

const versionQuery = queryTemplate(['uscc'], (db, { uscc }) =>
  db
    .selectFrom('credit.subjects as s')
    .select(readVersionOf(sql.ref('s.id')).as('version'))
    .where('s.uscc', '=', uscc),
);

/** The read version of the subject with this code now, without reading the answer; undefined: no such subject. */
export async function currentReadVersion(db: Db, uscc: string): Promise<string | undefined> {
  const [row] = await versionQuery(db, { uscc });
  return row?.version;
}

/**
 * The version of how the answers are made from the data (their fields, the disclosure and masking
 * rules). Raise it with any change to what publicProfile or listStatus put in an answer, or a client
 * holding an answer of the old shape would be told it is still current. A change of shape without a
 * new format fails tests/features/answer-format.test.ts.
 */
export const ANSWER_FORMAT = 'f1';

/**
 * The ETag of an answer: which answer, for which day, from which data. A profile's body is the same
 * bytes for the same inputs (a strong tag); a signed status carries the instant it was signed, so two
 * answers of one version are equivalent, not identical (a weak tag).
 */
export function answerEtag(answer: 'profile' | 'status', uscc: string, day: IsoDate, version: string): string {
  const tag = `"${answer}-${ANSWER_FORMAT}-${uscc}-${day}-${version}"`;
  return answer === 'status' ? `W/${tag}` : tag;
}
