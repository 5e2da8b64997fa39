import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPageBy } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { type IsoDate, isIsoDate } from '../../lib/dates.js';
import { RULE_READERS } from './policy.js';
import type { RuleSetListFilter } from './rule-set-schemas.js';
import type { RuleSet } from './rules.js';

/**
 * The evaluation rule set versions, newest first, each as it was added (a version never changes), and
 * which one is in force today: the latest that has taken effect (rules.ruleSetInForce).
 */
function toView(row: RuleSet, inForce: boolean) {
  return {
    version: row.version,
    effectiveFrom: row.effective_from,
    base: row.base,
    deductions: { minor: row.deduction_minor, general: row.deduction_general, serious: row.deduction_serious },
    goodAddition: row.good_addition,
    additionCap: row.addition_cap,
    gradeMinimums: { AAA: row.grade_aaa_min, AA: row.grade_aa_min, A: row.grade_a_min, B: row.grade_b_min },
    note: row.note,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    inForce,
  };
}

export async function listRuleSets(db: Db, actor: Actor, filter: RuleSetListFilter, today: IsoDate) {
  assertRole(actor, RULE_READERS, 'read rule sets');
  const before = decodeCursor(filter.cursor);
  if (before !== undefined && !isIsoDate(before)) throw fail.validation('cursor', 'not a cursor this API returned');
  const inForce = await db
    .selectFrom('credit.rule_sets')
    .select('version')
    .where('effective_from', '<=', today)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  let q = db.selectFrom('credit.rule_sets').selectAll();
  if (before) q = q.where('effective_from', '<', before);
  const rows = await q
    .orderBy('effective_from', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPageBy(
    rows,
    filter.limit,
    (row) => row.effective_from,
    (row) => toView(row, row.version === inForce?.version),
  );
}
