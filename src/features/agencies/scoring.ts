import { sql } from 'kysely';
import { fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { publicAgencyScore } from '../../disclosure/index.js';
import { addDays, addMonths, addYears, type IsoDate } from '../../lib/dates.js';
import { blackEntriesActiveAmong, recordsInEffectAmongSubjects } from '../credit-rules/index.js';
import { findAgency } from './profile-repo.js';
import { agencyRuleSetInForce, explainAgency, type SchemeInputs } from './scheme.js';
import type { AgencyScore } from './types.js';

/**
 * The inputs of the 中介 scheme for many agencies on a day, read in a few set-based statements, and
 * the scores they give. Public view throughout: only public records are counted, so no published
 * number (the directory, a credit_first ranking, the profile) reveals a record the public may not see
 * (see features/evaluation/public-score.ts).
 */
const shanghaiMidnight = (day: IsoDate) => new Date(`${day}T00:00:00+08:00`);

async function gatherInputs(db: Db | Trx, subjectIds: string[], on: IsoDate, ratingWindowMonths: number) {
  const ratingsFrom = addDays(addMonths(on, -ratingWindowMonths), 1);
  const complaintsFrom = addDays(addYears(on, -1), 1);
  const [records, black, ratings, complaints] = await Promise.all([
    recordsInEffectAmongSubjects(db, subjectIds, on, true),
    blackEntriesActiveAmong(db, subjectIds, on),
    db
      .selectFrom('market.ratings')
      .select([
        'subject_id',
        sql<string>`count(*)`.as('count'),
        sql<string>`sum(quality + timeliness + attitude + fee + conduct)`.as('sum'),
      ])
      .where('subject_id', 'in', subjectIds)
      .where('set_aside', '=', false)
      .where('rated_on', '>=', ratingsFrom)
      .where('rated_on', '<=', on)
      .groupBy('subject_id')
      .execute(),
    db
      .selectFrom('market.reports')
      .select(['subject_id', 'decided_at'])
      .where('subject_id', 'in', subjectIds)
      .where('state', '=', 'verified')
      .where('decided_at', '>=', shanghaiMidnight(complaintsFrom))
      .where('decided_at', '<', shanghaiMidnight(addDays(on, 1)))
      .orderBy('decided_at')
      .execute(),
  ]);
  const inputs = new Map<string, SchemeInputs>();
  for (const id of subjectIds)
    inputs.set(id, { records: [], blackEntries: [], ratings: { count: 0, sum: 0, from: ratingsFrom }, complaints: [] });
  for (const r of records) {
    inputs.get(r.subject_id)!.records.push({
      id: r.id,
      kind: r.kind,
      severity: r.severity,
      isPublic: r.is_public,
      documentNo: r.document_no,
      decidedOn: r.decided_on,
      shownUntil: r.shown_until,
    });
  }
  for (const e of black) {
    inputs.get(e.subject_id)!.blackEntries.push({ id: e.id, documentNo: e.document_no, publishedOn: e.published_on! });
  }
  for (const r of ratings) inputs.get(r.subject_id)!.ratings = { count: Number(r.count), sum: Number(r.sum), from: ratingsFrom };
  for (const c of complaints) {
    inputs.get(c.subject_id)!.complaints.push({ decidedOn: shanghaiDay(c.decided_at!) });
  }
  return inputs;
}

const shanghaiDay = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Live 中介 scores of these agencies on a day (for credit_first and the cache). */
export async function agencyScores(db: Db | Trx, subjectIds: string[], on: IsoDate): Promise<Map<string, AgencyScore>> {
  const ids = [...new Set(subjectIds)];
  const out = new Map<string, AgencyScore>();
  if (!ids.length) return out;
  const rule = await agencyRuleSetInForce(db, on);
  const inputs = await gatherInputs(db, ids, on, rule.rating_window_months);
  for (const [id, input] of inputs) {
    const result = explainAgency(rule, on, input);
    out.set(id, { score: result.score, grade: result.grade, ruleVersion: rule.version });
  }
  return out;
}

/** One agency's score on a day with every line explained (GET …/evaluation, the public profile). */
/** An agency's live 中介 score as of a day, explained line by line, as the public may see it. */
export async function explainedScore(db: Db | Trx, subjectId: string, on: IsoDate) {
  const rule = await agencyRuleSetInForce(db, on);
  const input = (await gatherInputs(db, [subjectId], on, rule.rating_window_months)).get(subjectId)!;
  return publicAgencyScore({ asOf: on, ruleVersion: rule.version, ...explainAgency(rule, on, input) });
}

export async function agencyEvaluation(db: Db, uscc: string, asOf: IsoDate) {
  const agency = await findAgency(db, uscc);
  if (agency?.state !== 'admitted') throw fail.notFound(`admitted agency ${uscc}`);
  return { uscc: agency.uscc, ...(await explainedScore(db, agency.subjectId, asOf)) };
}
