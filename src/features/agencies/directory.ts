import { type RawBuilder, sql } from 'kysely';
import { DomainError, fail } from '../../core/errors.js';
import { decodeKeyCursor, joinKey, toPageBy } from '../../core/pagination.js';
import type { Db } from '../../db/types.js';
import { agencyText, maskPersonalData, publicOffer } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import { restrictedOn } from '../credit-rules/index.js';
import { ratingSummary } from '../ratings/index.js';
import { judgeAgencies, regionKeys } from './eligibility.js';
import { OFFER_COLUMNS, offerOf } from './profile-repo.js';
import { AGENCY_GRADES } from './scheme.js';

/**
 * The public directory of admitted agencies (no token): one SQL statement for the page (filters,
 * restrictions when they leave agencies out, sort, keyset), then one batched judgement of its rows for
 * `selectable` and the reasons, and one batched read of their rating summaries (features/ratings). Grade and score come from market.agency_scores (see score-cache.ts for
 * how far behind they may be: `scoredOn` says the day); restrictions are live.
 */
export type DirectoryQuery = {
  service?: string;
  region?: string;
  minGrade?: (typeof AGENCY_GRADES)[number];
  q?: string;
  sort: 'credit' | 'rating' | 'fee';
  includeRestricted: boolean;
  limit: number;
  cursor?: string;
};

/** No fee (a discount offer) sorts after every amount; in a cursor it stands for "no fee". */
const NO_FEE = '9223372036854775807';

/** The cursor's sort value of a row: its score, its exact rating key, or its fee. */
function sortValue(sort: DirectoryQuery['sort']): RawBuilder<string> {
  if (sort === 'credit') return sql<string>`sc.score::text`;
  if (sort === 'rating') return sql<string>`sc.rating_key::text`;
  return sql<string>`coalesce(o.fee_min_fen, ${NO_FEE}::int8)::text`;
}

function after(sort: DirectoryQuery['sort'], at: string, id: string): RawBuilder<boolean> {
  if (sort === 'credit') return sql<boolean>`(sc.score < ${Number(at)} OR (sc.score = ${Number(at)} AND sc.subject_id > ${id}))`;
  if (sort === 'rating')
    return sql<boolean>`(sc.rating_key < ${at}::numeric OR (sc.rating_key = ${at}::numeric AND sc.subject_id > ${id}))`;
  if (at === NO_FEE) return sql<boolean>`(o.fee_min_fen IS NULL AND o.subject_id > ${id})`;
  return sql<boolean>`(o.fee_min_fen > ${at}::int8 OR (o.fee_min_fen = ${at}::int8 AND o.subject_id > ${id}) OR o.fee_min_fen IS NULL)`;
}

export async function directory(db: Db, query: DirectoryQuery, today: IsoDate) {
  if (query.sort === 'fee' && !query.service) throw fail.validation('sort', 'sorting by fee needs a service (its offer is the fee)');
  const cursor = decodeKeyCursor(
    query.cursor,
    (first) => first.startsWith(`${query.sort}:`) && /^-?\d+$/.test(first.slice(query.sort.length + 1)),
  );
  // The directory lists admitted agencies that have a score row (every admitted agency has one from
  // its admission on). No service asked: the offers join matches nothing ('' is no code), no fee shown.
  let page = db
    .selectFrom('market.agency_scores as sc')
    .innerJoin('market.agencies as a', 'a.subject_id', 'sc.subject_id')
    .innerJoin('credit.subjects as s', 's.id', 'sc.subject_id')
    .leftJoin('market.offers as o', (j) => j.onRef('o.subject_id', '=', 'sc.subject_id').on('o.service', '=', query.service ?? ''))
    .leftJoin('market.services as sv', 'sv.code', 'o.service')
    .select([
      'a.subject_id',
      's.uscc',
      's.name',
      'sc.score',
      'sc.grade',
      'sc.rule_version',
      'sc.computed_on',
      ...OFFER_COLUMNS,
      sortValue(query.sort).as('sort_key'),
    ])
    .where('a.state', '=', 'admitted');
  if (query.service) page = page.where('o.service', 'is not', null);
  if (query.region) page = page.where(sql<boolean>`a.regions && ${sql.val(regionKeys(query.region))}::text[]`);
  if (query.minGrade) page = page.where('sc.grade', 'in', AGENCY_GRADES.slice(0, AGENCY_GRADES.indexOf(query.minGrade) + 1));
  if (query.q) {
    const needle = query.q.toLowerCase();
    if (needle.length >= 2) page = page.where(sql<boolean>`s.search_grams @> credit.bigrams(${needle})`);
    page = page.where(sql<boolean>`strpos(s.search_text, ${needle}) > 0`);
  }
  if (!query.includeRestricted) {
    page = page.where(sql<boolean>`NOT ${restrictedOn('a.subject_id', today)}`).where(
      sql<boolean>`NOT EXISTS (SELECT 1 FROM market.suspensions u WHERE u.subject_id = a.subject_id AND u.starts_on <= ${today}::date
        AND (u.ends_on IS NULL OR u.ends_on >= ${today}::date) AND (u.lifted_on IS NULL OR u.lifted_on > ${today}::date))`,
    );
  }
  if (cursor) page = page.where(after(query.sort, cursor.first.slice(query.sort.length + 1), cursor.id));
  // Best first: the highest score or average, the lowest fee (none last); the subject id breaks ties.
  // Each order matches an index (agency_scores_score, agency_scores_rating, offers_service), so the
  // statement walks one index and stops after a page.
  const sorted =
    query.sort === 'credit'
      ? page.orderBy('sc.score', 'desc').orderBy('sc.subject_id')
      : query.sort === 'rating'
        ? page.orderBy('sc.rating_key', 'desc').orderBy('sc.subject_id')
        : page.orderBy(sql`o.fee_min_fen ASC NULLS LAST`).orderBy('o.subject_id');
  const rows = await sorted.limit(query.limit + 1).execute();
  const shownIds = rows.slice(0, query.limit).map((r) => r.subject_id);
  const judged = new Map((await judgeAgencies(db, shownIds, null, today)).map((j) => [j.subjectId, j]));
  const ratings = await ratingSummary(db, shownIds);
  return toPageBy(
    rows,
    query.limit,
    (r) => joinKey(`${query.sort}:${r.sort_key}`, r.subject_id),
    (r) => {
      const j = judged.get(r.subject_id);
      if (!j) throw new DomainError('UNAVAILABLE', `agency ${r.uscc} changed while the page was read; ask again`);
      const codes = j.exclusions.map((e) => e.code);
      const rating = ratings.get(r.subject_id)!;
      return {
        uscc: r.uscc,
        name: maskPersonalData(r.name),
        grade: r.grade,
        score: r.score,
        ruleVersion: r.rule_version,
        scoredOn: r.computed_on,
        averageRating: rating.average,
        ratingCount: rating.count,
        fee:
          r.service && r.fee_kind && r.fee_basis !== null && r.unit !== null
            ? publicOffer(
                offerOf({
                  ...r,
                  service: r.service,
                  service_name: r.service_name ?? r.service,
                  fee_kind: r.fee_kind,
                  fee_basis: r.fee_basis,
                  unit: r.unit,
                }),
              )
            : null,
        selectable: j.eligible,
        restricted: codes.includes('black_listed') || codes.includes('serious_record'),
        suspended: codes.includes('suspended'),
        notSelectableReasons: j.exclusions.map((e) => ({ code: e.code, detail: agencyText(e.detail) })),
      };
    },
  );
}
