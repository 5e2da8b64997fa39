import type { Db } from '../../db/types.js';
import { maskPersonalData } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import { type ActiveBlackEntry, type CountedRecord, explain } from './explain.js';
import { ruleSetInForce, type ScoringRules } from './rules.js';
import { activeBlackEntries, countedRecords } from './service.js';

/**
 * Which rule of the rule set a line of the public explanation applies: the base score, the deduction
 * for a dishonesty record of a severity, the addition for a good record (`good_capped` when the cap on
 * additions cut it), or the floor at 0.
 */
export const PUBLIC_LINE_RULES = ['base', 'minor', 'general', 'serious', 'good', 'good_capped', 'floor'] as const;
export type PublicLineRule = (typeof PUBLIC_LINE_RULES)[number];

/**
 * The score and grade the public profile shows, with a line for every point: the rule set in force,
 * over what the public may see on that day — public records in effect and published black entries. A
 * record that is not public (轻微, domain §3 and §9: not published) must not move a public number
 * either, or the number would reveal it (a subject whose one record is minor would show 98, not 100),
 * and it has no line here. Each line names its rule and the record it counts; the document numbers in
 * the reasons pass through the disclosure module's masking like every published text. The full
 * evaluation, every record counted, stays with those who may read the records
 * (/subjects/{uscc}/evaluation).
 */
export async function publicExplanation(db: Db, subjectId: string, asOf: IsoDate) {
  const rule = await ruleSetInForce(db, asOf);
  return publicExplanationOf(rule, await countedRecords(db, subjectId, asOf, true), await activeBlackEntries(db, subjectId, asOf));
}

/**
 * The same from facts already read (the public profile reads them in its one query): the public
 * records in effect oldest first, and the black entries in force oldest first.
 */
export function publicExplanationOf(rule: ScoringRules, counted: CountedRecord[], blackEntries: ActiveBlackEntry[]) {
  const records = counted.map((r) => ({ ...r, documentNo: maskPersonalData(r.documentNo) }));
  const black = blackEntries.map((e) => ({ ...e, documentNo: maskPersonalData(e.documentNo) }));
  const result = explain(rule, records, black);
  const byId = new Map(records.map((r) => [r.id, r]));
  const lines = result.lines.map((line, i) => {
    const record = line.recordId ? byId.get(line.recordId) : undefined;
    let applied: PublicLineRule;
    if (i === 0) applied = 'base';
    else if (!record) applied = 'floor';
    else if (record.kind === 'good') applied = line.effect < rule.good_addition ? 'good_capped' : 'good';
    else applied = record.severity!;
    return { rule: applied, recordId: line.recordId, effect: line.effect, reason: line.reason };
  });
  // The same choice explain() makes: an active black entry first, else the first serious record.
  const forcedBottom = result.forcedBottom
    ? {
        reason: result.forcedBottom,
        listEntryId: black[0]?.id ?? null,
        recordId: black[0] ? null : (records.find((r) => r.severity === 'serious')?.id ?? null),
      }
    : null;
  return { score: result.score, grade: result.grade, ruleVersion: rule.version, lines, forcedBottom };
}

/** The public score and grade alone (the agency directory's grade history shows these). */
export async function publicEvaluation(db: Db, subjectId: string, asOf: IsoDate) {
  const { score, grade, ruleVersion } = await publicExplanation(db, subjectId, asOf);
  return { score, grade, ruleVersion };
}
