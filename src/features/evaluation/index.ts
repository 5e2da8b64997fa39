/**
 * Evaluation's surface: one subject's score as of a date (the public profile), the set-based scoring
 * the bulk check shares, the rule set in force, and the yearly run (the seed runs last year's).
 */

export { PUBLIC_LINE_RULES, type PublicLineRule, publicEvaluation, publicExplanationOf } from './public-score.js';
export { GRADES, type Grade, noRuleSet, type RuleSet, ruleSetInForce, type ScoringRules, scoringRulesQuery } from './rules.js';
export { GradeEnum } from './schemas.js';
export { noJit, scoredSubjects } from './scoring-sql.js';
export { blackEntryOf, countedRecordOf, evaluateById, evaluateSubject, runYear } from './service.js';
