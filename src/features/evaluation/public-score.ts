import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { explain } from './explain.js';
import { ruleSetInForce } from './rules.js';
import { activeBlackEntries, countedRecords } from './service.js';

/**
 * The score and grade the public profile shows: the rule set in force, over what the public may see
 * on that day — public records in effect and published black entries. A record that is not public
 * (轻微, domain §3 and §9: not published) must not move a public number either, or the number would
 * reveal it (a subject whose one record is minor would show 98, not 100). The full evaluation, every
 * record counted, stays with those who may read the records (/subjects/{uscc}/evaluation).
 */
export async function publicEvaluation(db: Db, subjectId: string, asOf: IsoDate) {
  const rule = await ruleSetInForce(db, asOf);
  const { score, grade } = explain(rule, await countedRecords(db, subjectId, asOf, true), await activeBlackEntries(db, subjectId, asOf));
  return { score, grade, ruleVersion: rule.version };
}
