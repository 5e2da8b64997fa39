import type { Selectable } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { Db, RuleSetsTable, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';

/** Rule sets are versioned data: the one in force on a date is the latest that took effect by then. */
export type RuleSet = Selectable<RuleSetsTable>;
export type Grade = 'AAA' | 'AA' | 'A' | 'B' | 'C';
export const GRADES: Grade[] = ['AAA', 'AA', 'A', 'B', 'C'];

/** What scoring reads of a rule set (its note and authorship are for people). */
export type ScoringRules = Omit<RuleSet, 'note' | 'created_by' | 'created_at'>;
const SCORING_COLUMNS = [
  'version',
  'effective_from',
  'base',
  'deduction_minor',
  'deduction_general',
  'deduction_serious',
  'good_addition',
  'addition_cap',
  'grade_aaa_min',
  'grade_aa_min',
  'grade_a_min',
  'grade_b_min',
] as const satisfies readonly (keyof ScoringRules)[];

/** The scoring columns of the rule set in force, as a query a larger read embeds (the public profile). */
export function scoringRulesQuery(db: Db | Trx, asOf: IsoDate) {
  return db
    .selectFrom('credit.rule_sets')
    .select(SCORING_COLUMNS)
    .where('effective_from', '<=', asOf)
    .orderBy('effective_from', 'desc')
    .limit(1);
}

/** What scoring counts by on a day: the rule set in force then (the latest that has taken effect). */
export async function ruleSetInForce(db: Db | Trx, asOf: IsoDate): Promise<ScoringRules> {
  const rule = await scoringRulesQuery(db, asOf).executeTakeFirst();
  if (!rule) throw noRuleSet(asOf);
  return rule;
}

export function noRuleSet(asOf: IsoDate) {
  return new DomainError('RULE_VIOLATED', `no evaluation rule set is in force on ${asOf}`);
}

/** The grade band of a score; a forcing fact (an active serious record, a black list entry) gives C. */
export function gradeFor(rule: ScoringRules, score: number, forcedBottom: boolean): Grade {
  if (forcedBottom) return 'C';
  if (score >= rule.grade_aaa_min) return 'AAA';
  if (score >= rule.grade_aa_min) return 'AA';
  if (score >= rule.grade_a_min) return 'A';
  if (score >= rule.grade_b_min) return 'B';
  return 'C';
}

export function deductionFor(rule: ScoringRules, severity: 'minor' | 'general' | 'serious'): number {
  return { minor: rule.deduction_minor, general: rule.deduction_general, serious: rule.deduction_serious }[severity];
}
