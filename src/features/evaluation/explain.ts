import { deductionFor, type Grade, gradeFor, type ScoringRules } from './rules.js';

/**
 * The score of one subject with a line for every point: the base, each record inside its window, the
 * cap on additions and the floor at 0. The lines add up exactly to the score. Pure; the set-based SQL
 * in scoring-sql.ts computes the same numbers for many subjects at once (a test holds them equal).
 */
export type CountedRecord = {
  id: string;
  kind: 'dishonesty' | 'good';
  severity: 'minor' | 'general' | 'serious' | null;
  category: string;
  documentNo: string;
  decidedOn: string;
  displayUntil: string;
};

export type Line = { recordId: string | null; effect: number; reason: string };
export type Explanation = { score: number; grade: Grade; lines: Line[]; forcedBottom: string | null };

const SEVERITY_ZH = { minor: '轻微', general: '一般', serious: '严重' } as const;

export type ActiveBlackEntry = { id: string; documentNo: string; publishedOn: string };

export function explain(rule: ScoringRules, records: CountedRecord[], blackEntries: ActiveBlackEntry[] = []): Explanation {
  const lines: Line[] = [{ recordId: null, effect: rule.base, reason: `base score of rule set ${rule.version}` }];
  let added = 0;
  for (const r of records) {
    const where = `${r.category}, ${r.documentNo}, decided ${r.decidedOn}, counts until ${r.displayUntil}`;
    if (r.kind === 'dishonesty') {
      const severity = r.severity!;
      lines.push({
        recordId: r.id,
        effect: -deductionFor(rule, severity),
        reason: `${SEVERITY_ZH[severity]} (${severity}) dishonesty record (${where})`,
      });
    } else {
      const effect = Math.min(rule.good_addition, rule.addition_cap - added);
      added += effect;
      const capped = effect < rule.good_addition ? ` (additions capped at +${rule.addition_cap})` : '';
      lines.push({ recordId: r.id, effect, reason: `good record (${where})${capped}` });
    }
  }
  const total = lines.reduce((sum, l) => sum + l.effect, 0);
  if (total < 0) lines.push({ recordId: null, effect: -total, reason: 'a score does not go below 0' });
  const score = Math.max(0, total);
  const serious = records.find((r) => r.severity === 'serious');
  const black = blackEntries[0];
  const forcedBottom = black
    ? `an active black list entry (${black.documentNo}, published ${black.publishedOn}) forces grade C`
    : serious
      ? `an active serious record (${serious.documentNo}) forces grade C`
      : null;
  return { score, grade: gradeFor(rule, score, forcedBottom !== null), lines, forcedBottom };
}
