import { recordAudit } from '../../audit/log.js';
import type { Ctx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { assertOperator } from './policy.js';
import type { NewAgencyRuleSetInput } from './rule-set-schemas.js';
import type { AgencyRuleSet } from './scheme.js';

/**
 * Versions of the 中介 evaluation scheme, the second kind of rule set: added by the operator, never
 * changed, each in force from its day until the next. Like the credit rule sets, a new version takes
 * effect today at the earliest, so no 中介 score already shown is recomputed under rules it never had.
 */
function toView(row: AgencyRuleSet, inForce: boolean) {
  return {
    version: row.version,
    effectiveFrom: row.effective_from,
    parts: { regulator: row.regulator_points, publicCredit: row.public_points, social: row.social_points },
    deductions: { minor: row.deduction_minor, general: row.deduction_general, serious: row.deduction_serious },
    goodAddition: row.good_addition,
    publicDeduction: row.public_deduction,
    complaintDeduction: row.complaint_deduction,
    socialDefault: row.social_default,
    ratingWindowMonths: row.rating_window_months,
    gradeMinimums: { AAA: row.grade_aaa_min, AA: row.grade_aa_min, A: row.grade_a_min, B: row.grade_b_min },
    note: row.note,
    createdAt: row.created_at.toISOString(),
    inForce,
  };
}

/** Every version, newest first, marking the one in force today (public: the scheme is how public scores are made). */
export async function listAgencyRuleSets(db: Db, today: IsoDate) {
  const rows = await db.selectFrom('market.agency_rule_sets').selectAll().orderBy('effective_from', 'desc').execute();
  const inForce = rows.find((r) => r.effective_from <= today)?.version;
  return { items: rows.map((r) => toView(r, r.version === inForce)) };
}

export async function createAgencyRuleSet(db: Db, ctx: Ctx, input: NewAgencyRuleSetInput) {
  if (ctx.actor.role !== 'system') assertOperator(ctx, 'adds 中介 rule set versions');
  const today = ctx.clock.today();
  if (input.effectiveFrom < today) {
    throw fail.rule(`effectiveFrom: a rule set takes effect today (${today}) at the earliest, not ${input.effectiveFrom}`);
  }
  return db.transaction().execute(async (trx) => {
    const row: AgencyRuleSet = {
      version: input.version,
      effective_from: input.effectiveFrom,
      regulator_points: input.parts.regulator,
      public_points: input.parts.publicCredit,
      social_points: input.parts.social,
      deduction_minor: input.deductions.minor,
      deduction_general: input.deductions.general,
      deduction_serious: input.deductions.serious,
      good_addition: input.goodAddition,
      public_deduction: input.publicDeduction,
      complaint_deduction: input.complaintDeduction,
      social_default: input.socialDefault,
      rating_window_months: input.ratingWindowMonths,
      grade_aaa_min: input.gradeMinimums.AAA,
      grade_aa_min: input.gradeMinimums.AA,
      grade_a_min: input.gradeMinimums.A,
      grade_b_min: input.gradeMinimums.B,
      note: input.note,
      created_by: ctx.actor.sub,
      created_at: ctx.clock.now(),
    };
    const inserted = await trx
      .insertInto('market.agency_rule_sets')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!inserted) {
      throw fail.conflict(
        `a 中介 rule set with version ${input.version} or taking effect on ${input.effectiveFrom} exists; versions are never changed`,
      );
    }
    const view = toView(row, input.effectiveFrom === today);
    await recordAudit(trx, ctx, { action: 'agency_rule_set.create', entityType: 'agency_rule_set', entityId: input.version, after: view });
    return view;
  });
}
