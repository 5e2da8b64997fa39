import type { Selectable } from 'kysely';
import { DomainError } from '../../core/errors.js';
import type { AgencyRuleSetsTable, Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { roundHalfUp } from '../../lib/money.js';

/**
 * The 中介 evaluation scheme (domain §4/§8), the second kind of rule set: 100 = the sector regulators'
 * part (70) + public credit information (10) + social evaluation (20, owner ratings and verified
 * complaints). Versioned data; the one in force on a day is the latest that took effect by then.
 * Pure and integer-only below: every point is a line, and the lines add up exactly to the score.
 */
export type AgencyRuleSet = Selectable<AgencyRuleSetsTable>;

export async function agencyRuleSetInForce(db: Db | Trx, on: IsoDate): Promise<AgencyRuleSet> {
  const rule = await db
    .selectFrom('market.agency_rule_sets')
    .selectAll()
    .where('effective_from', '<=', on)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!rule) throw new DomainError('RULE_VIOLATED', `no 中介 evaluation rule set is in force on ${on}`);
  return rule;
}

export type SchemeRecord = {
  id: string;
  kind: 'dishonesty' | 'good';
  severity: 'minor' | 'general' | 'serious' | null;
  isPublic: boolean;
  documentNo: string;
  decidedOn: string;
  shownUntil: string;
};
export type SchemeInputs = {
  records: SchemeRecord[];
  blackEntries: { id: string; documentNo: string; publishedOn: string }[];
  /** Counted ratings in the window: how many, and the sum of all five dimensions over them. */
  ratings: { count: number; sum: number; from: IsoDate };
  /** Verified complaints decided in the year before the day. */
  complaints: { decidedOn: IsoDate }[];
};

export type Part = 'regulator' | 'public' | 'social';
export type SchemeLine = { part: Part; source: string | null; effect: number; reason: string };
export type SchemeResult = {
  score: number;
  grade: string;
  parts: Record<Part, number>;
  forcedBottom: string | null;
  lines: SchemeLine[];
};

const SEVERITY_ZH = { minor: '轻微', general: '一般', serious: '严重' } as const;

/** Clamps a part's running total into [0, max], with a line saying so when it moves. */
function clamp(lines: SchemeLine[], part: Part, max: number): number {
  const total = lines.filter((l) => l.part === part).reduce((sum, l) => sum + l.effect, 0);
  if (total < 0) lines.push({ part, source: null, effect: -total, reason: `the ${part} part does not go below 0` });
  if (total > max) lines.push({ part, source: null, effect: max - total, reason: `the ${part} part does not go above ${max}` });
  return Math.min(max, Math.max(0, total));
}

export function explainAgency(rule: AgencyRuleSet, on: IsoDate, input: SchemeInputs): SchemeResult {
  const v = rule.version;
  const lines: SchemeLine[] = [];
  // Regulators' part: deductions per dishonesty record in effect by class, additions per good record.
  lines.push({ part: 'regulator', source: null, effect: rule.regulator_points, reason: `regulators' part of rule set ${v}` });
  const deduction = { minor: rule.deduction_minor, general: rule.deduction_general, serious: rule.deduction_serious };
  for (const r of input.records) {
    const where = `${r.documentNo}, decided ${r.decidedOn}, in effect until ${r.shownUntil}`;
    if (r.kind === 'dishonesty' && r.severity) {
      lines.push({
        part: 'regulator',
        source: r.id,
        effect: -deduction[r.severity],
        reason: `${SEVERITY_ZH[r.severity]} (${r.severity}) dishonesty record (${where})`,
      });
    } else if (r.kind === 'good') {
      lines.push({ part: 'regulator', source: r.id, effect: rule.good_addition, reason: `good record (${where})` });
    }
  }
  const regulator = clamp(lines, 'regulator', rule.regulator_points);
  // Public credit information: deductions per public dishonesty record; an active black entry leaves nothing.
  lines.push({ part: 'public', source: null, effect: rule.public_points, reason: `public credit information part of rule set ${v}` });
  for (const r of input.records.filter((x) => x.kind === 'dishonesty' && x.isPublic)) {
    lines.push({ part: 'public', source: r.id, effect: -rule.public_deduction, reason: `public dishonesty record ${r.documentNo}` });
  }
  const black = input.blackEntries[0];
  if (black) {
    const running = lines.filter((l) => l.part === 'public').reduce((sum, l) => sum + l.effect, 0);
    lines.push({
      part: 'public',
      source: black.id,
      effect: -running,
      reason: `an active black list entry (${black.documentNo}, published ${black.publishedOn}) leaves no public credit points`,
    });
  }
  const publicPart = clamp(lines, 'public', rule.public_points);
  // Social evaluation: the owners' ratings in the window, less verified complaints of the last year.
  const { count, sum, from } = input.ratings;
  if (count > 0) {
    const points = Number(roundHalfUp(BigInt(rule.social_points) * BigInt(sum), 25n * BigInt(count)));
    lines.push({
      part: 'social',
      source: null,
      effect: points,
      reason: `${count} rating(s) from ${from} to ${on}, all five dimensions summing to ${sum} of ${25 * count}: ${rule.social_points} × ${sum} / ${25 * count}, rounded half up`,
    });
  } else {
    lines.push({
      part: 'social',
      source: null,
      effect: rule.social_default,
      reason: `no rating from ${from} to ${on}: the default of rule set ${v}`,
    });
  }
  // The record a complaint became is not named: it may be one the public does not see (轻微).
  for (const c of input.complaints) {
    lines.push({ part: 'social', source: null, effect: -rule.complaint_deduction, reason: `a complaint verified on ${c.decidedOn}` });
  }
  const social = clamp(lines, 'social', rule.social_points);
  const score = regulator + publicPart + social;
  const serious = input.records.find((r) => r.kind === 'dishonesty' && r.severity === 'serious');
  const forcedBottom = black
    ? `an active black list entry (${black.documentNo}) forces grade C`
    : serious
      ? `a serious record in effect (${serious.documentNo}) forces grade C`
      : null;
  return {
    score,
    grade: gradeOf(rule, score, forcedBottom !== null),
    parts: { regulator, public: publicPart, social },
    forcedBottom,
    lines,
  };
}

export function gradeOf(rule: AgencyRuleSet, score: number, forced: boolean): string {
  if (forced) return 'C';
  if (score >= rule.grade_aaa_min) return 'AAA';
  if (score >= rule.grade_aa_min) return 'AA';
  if (score >= rule.grade_a_min) return 'A';
  if (score >= rule.grade_b_min) return 'B';
  return 'C';
}

/** Grades from best to worst, for `minGrade` filters. */
export const AGENCY_GRADES = ['AAA', 'AA', 'A', 'B', 'C'] as const;
