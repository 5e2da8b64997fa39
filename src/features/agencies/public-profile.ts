import { DomainError, fail } from '../../core/errors.js';
import type { Db } from '../../db/types.js';
import {
  agencyText,
  maskPersonalData,
  profileRecord,
  publicContact,
  publicOffer,
  publicQualification,
  publicSubject,
  suspensionDisclosure,
} from '../../disclosure/index.js';
import { type IsoDate, yearEnd } from '../../lib/dates.js';
import { recordsInEffectAmongSubjects } from '../credit-rules/index.js';
import { departmentNames } from '../departments/index.js';
import { publicEvaluation } from '../evaluation/index.js';
import { ratingSummary } from '../ratings/index.js';
import { judgeAgencies } from './eligibility.js';
import { agencyRow, listingsOf } from './profile-repo.js';
import { explainedScore } from './scoring.js';

/** How many past years of credit grades the profile shows. */
const GRADE_YEARS = 3;

/**
 * The whole public profile of an admitted agency (no token): who it is, what it offers and charges,
 * its qualifications, service area and business contact; its ratings; its credit grades for the past
 * years and its live 中介 score explained; its public records in effect; its suspensions; and whether
 * it may be chosen today. Everything through the disclosure module.
 */
export async function agencyProfile(db: Db, uscc: string, today: IsoDate) {
  const row = await agencyRow(db, uscc).where('a.state', '=', 'admitted').executeTakeFirst();
  if (!row) throw fail.notFound(`admitted agency ${uscc}`);
  const subject = await db
    .selectFrom('credit.subjects')
    .select(['legal_representative', 'previous_names'])
    .where('id', '=', row.subject_id)
    .executeTakeFirstOrThrow();
  const [listings, summaries, records, suspensions, judged, score] = await Promise.all([
    listingsOf(db, row.subject_id),
    ratingSummary(db, [row.subject_id]),
    recordsInEffectAmongSubjects(db, [row.subject_id], today, true),
    db.selectFrom('market.suspensions').selectAll().where('subject_id', '=', row.subject_id).orderBy('starts_on', 'desc').execute(),
    judgeAgencies(db, [row.subject_id], null, today),
    explainedScore(db, row.subject_id, today),
  ]);
  const names = await departmentNames(
    db,
    records.map((r) => r.department),
  );
  const { count, average, dimensions } = summaries.get(row.subject_id)!;
  const judgement = judged[0]!;
  return {
    ...publicSubject({
      uscc: row.uscc,
      name: row.name,
      kind: row.kind,
      legalRepresentative: subject.legal_representative,
      previousNames: subject.previous_names,
    }),
    asOf: today,
    introduction: agencyText(row.introduction),
    staffCount: row.staff_count,
    regions: row.regions,
    contact: publicContact({ name: row.contact_name, phone: row.contact_phone, email: row.contact_email }),
    admittedAt: row.decided_at?.toISOString() ?? null,
    services: listings.offers.map(publicOffer),
    qualifications: listings.qualifications.map((q) => publicQualification(q, today)),
    ratings: { count, average, ...dimensions },
    agencyScore: score,
    creditGrades: await creditGrades(db, row.subject_id, today),
    records: records.map((r) => ({
      ...profileRecord(r),
      departmentName: names.get(r.department) ?? null,
    })),
    suspended: judgement.exclusions.some((e) => e.code === 'suspended'),
    suspensions: suspensions.map((s) =>
      suspensionDisclosure({
        id: s.id,
        uscc: row.uscc,
        name: row.name,
        reason: s.reason,
        detail: s.detail,
        startsOn: s.starts_on,
        endsOn: s.ends_on,
        liftedOn: s.lifted_on,
        liftReason: s.lift_reason,
      }),
    ),
    selectable: judgement.eligible,
    notSelectableReasons: judgement.exclusions.map((e) => ({ code: e.code, detail: maskPersonalData(e.detail) })),
  };
}

/**
 * Credit grades (the general scheme of features/evaluation) at the end of each of the past years and
 * today, as the public may see them: counted over public facts only, so a grade never reveals a record
 * that is not public (the stored yearly runs count every record and stay with those who read records).
 */
async function creditGrades(db: Db, subjectId: string, today: IsoDate) {
  const year = Number(today.slice(0, 4));
  const days = [today, ...Array.from({ length: GRADE_YEARS }, (_, i) => yearEnd(year - 1 - i))];
  const out: { asOf: IsoDate; score: number; grade: string; ruleVersion: string }[] = [];
  for (const day of days) {
    try {
      out.push({ asOf: day, ...(await publicEvaluation(db, subjectId, day)) });
    } catch (error) {
      // A year before any rule set was in force has no grade to show.
      if (!(error instanceof DomainError && error.code === 'RULE_VIOLATED')) throw error;
    }
  }
  return out;
}
