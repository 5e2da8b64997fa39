import { type RawBuilder, sql } from 'kysely';
import type { IsoDate } from '../../lib/dates.js';
import { entryActiveOn, recordInEffect } from '../credit-rules/index.js';
import type { ScoringRules } from './rules.js';

/**
 * Scores many subjects in one statement (the yearly run, the bulk check): the same formula as
 * explain(), as set-based SQL. `subjects` is a query yielding a column `id` of subject ids and any
 * other columns the caller wants carried through (so it never joins back to the whole table).
 * Counts the records in effect on asOf (credit-rules: recordInEffect); with `publicOnly`, only the
 * public ones, as the public score does (public-score.ts says why).
 */
/**
 * JIT compilation costs more than these statements take (≈ 400 ms on a 10,000-code check), and the
 * planner's estimates over-trigger it: switch it off for the transaction that runs them.
 */
export const noJit = sql`SET LOCAL jit = off`;

/**
 * `wholeTable`: `subjects` is a plain scan of credit.subjects (the yearly run). Then the planner may
 * repeat it inside each join instead of computing it once: it walks subjects_pkey beside
 * records_subject_current in id order (merge joins, no sort), where a computed-once list of a million
 * ids is spilled to disk and sorted again (EXPLAIN on 1,000,000 subjects: 6.2 s for the scoring
 * half of the run, 4.1 s inlined). A list of codes (a check) is worth computing once.
 */
export function scoredSubjects<Extra extends object = object>(
  rule: ScoringRules,
  asOf: IsoDate,
  subjects: RawBuilder<unknown>,
  publicOnly = false,
  wholeTable = false,
) {
  return sql<Extra & { id: string; score: number; grade: string; serious: boolean; black: boolean }>`
    WITH target AS ${wholeTable ? sql`NOT MATERIALIZED` : sql`MATERIALIZED`} (${subjects}),
    counted AS (
      SELECT r.subject_id,
             sum(CASE r.severity WHEN 'minor' THEN ${rule.deduction_minor}::int
                                 WHEN 'general' THEN ${rule.deduction_general}::int
                                 WHEN 'serious' THEN ${rule.deduction_serious}::int ELSE 0 END) AS deducted,
             count(*) FILTER (WHERE r.kind = 'good') AS good,
             bool_or(r.severity = 'serious') AS serious
      FROM credit.records r JOIN target t ON t.id = r.subject_id
      WHERE ${recordInEffect('r', asOf)} ${publicOnly ? sql`AND r.is_public` : sql``}
      GROUP BY r.subject_id
    ),
    black AS (
      SELECT DISTINCT e.subject_id FROM credit.list_entries e JOIN target t ON t.id = e.subject_id
      WHERE e.list = 'black' AND ${entryActiveOn('e', asOf)}
    ),
    scored AS (
      SELECT t.*, (b.subject_id IS NOT NULL) AS black,
             greatest(0, ${rule.base}::int - coalesce(c.deducted, 0)
                          + least(coalesce(c.good, 0) * ${rule.good_addition}::int, ${rule.addition_cap}::int))::int AS score,
             coalesce(c.serious, false) AS serious
      FROM target t LEFT JOIN counted c ON c.subject_id = t.id LEFT JOIN black b ON b.subject_id = t.id
    )
    SELECT scored.*,
           CASE WHEN serious OR black THEN 'C'
                WHEN score >= ${rule.grade_aaa_min}::int THEN 'AAA'
                WHEN score >= ${rule.grade_aa_min}::int THEN 'AA'
                WHEN score >= ${rule.grade_a_min}::int THEN 'A'
                WHEN score >= ${rule.grade_b_min}::int THEN 'B'
                ELSE 'C' END AS grade
    FROM scored`;
}
