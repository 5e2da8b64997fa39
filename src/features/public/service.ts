import { sql } from 'kysely';
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres';
import { fail } from '../../core/errors.js';
import { queryTemplate } from '../../db/query-template.js';
import type { Db } from '../../db/types.js';
import { maskPersonalData, profileEntry, profileRecord, publicSubject, statusEntry, voidedStatusEntry } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import type { ProofSigner } from '../../signing/signer.js';
import { entryActiveOn, recordsInEffectQuery } from '../credit-rules/index.js';
import { blackEntryOf, countedRecordOf, noRuleSet, publicExplanationOf, scoringRulesQuery } from '../evaluation/index.js';
import { nameBeforeRenameQuery } from '../subjects/index.js';
import { answerEtag, readVersionOf } from './read-version.js';

/** The profile's one query, compiled once (db/query-template.ts). */
const profileQuery = queryTemplate(['uscc', 'today'], (db, { uscc, today }) => {
  const subjectId = sql.ref<string>('s.id');
  return db
    .selectFrom('credit.subjects as s')
    .select([
      's.uscc',
      's.name',
      's.kind',
      's.legal_representative',
      's.previous_names',
      readVersionOf(subjectId).as('version'),
      jsonObjectFrom(scoringRulesQuery(db, today)).as('rule'),
      jsonArrayFrom(
        recordsInEffectQuery(db, today, true)
          .leftJoin('credit.departments as d', 'd.uscc', 'r.department')
          .select('d.name as department_name')
          .where('r.subject_id', '=', subjectId),
      ).as('records'),
      jsonArrayFrom(
        db
          .selectFrom('credit.list_entries as e')
          .leftJoin('credit.departments as d', 'd.uscc', 'e.department')
          .select(['e.id', 'e.list', 'e.reason', 'e.basis', 'e.document_no', 'e.department', 'e.published_on', 'e.valid_until'])
          .select('d.name as department_name')
          .where('e.subject_id', '=', subjectId)
          .where(entryActiveOn('e', today))
          .orderBy('e.published_on')
          .orderBy('e.id'),
      ).as('entries'),
    ])
    .where('s.uscc', '=', uscc);
});

/**
 * What the public may see (domain §11): name, code, 法定代表人, public list entries and public records
 * in effect today, and the score and grade those alone give (a record that is not public moves no
 * public number: see evaluation/public-score.ts), with a line for every point of that score (which
 * rule, which public record, how many points). Nothing minor, exited, repaired, voided or expired;
 * no personal data beyond the representative's name (the disclosure module masks every text).
 *
 * One round trip: the subject, the rule set in force, its public records and entries with their
 * departments' names, and the read version of all of it come back as one row (the records and entries
 * as JSON arrays), built from the same query definitions the rest of the credit side uses.
 */
export async function publicProfile(db: Db, uscc: string, today: IsoDate) {
  const [row] = await profileQuery(db, { uscc, today });
  if (!row) throw fail.notFound(`subject ${uscc}`);
  if (!row.rule) throw noRuleSet(today);
  const evaluation = publicExplanationOf(
    row.rule,
    row.records.map(countedRecordOf),
    row.entries.filter((e) => e.list === 'black').map(blackEntryOf),
  );
  const profile = {
    ...publicSubject({
      uscc: row.uscc,
      name: row.name,
      kind: row.kind,
      legalRepresentative: row.legal_representative,
      previousNames: row.previous_names,
    }),
    asOf: today,
    grade: evaluation.grade,
    score: evaluation.score,
    ruleVersion: evaluation.ruleVersion,
    explanation: { lines: evaluation.lines, forcedBottom: evaluation.forcedBottom },
    // Newest first, as the profile reads.
    listEntries: [...row.entries].reverse().map((e) => ({
      ...profileEntry({
        id: e.id,
        list: e.list,
        reason: e.reason,
        basis: e.basis,
        documentNo: e.document_no,
        department: e.department,
        publishedOn: e.published_on!,
        validUntil: e.valid_until,
      }),
      departmentName: e.department_name,
    })),
    records: [...row.records].reverse().map((r) => ({ ...profileRecord(r), departmentName: r.department_name })),
  };
  return { profile, etag: answerEtag('profile', row.uscc, today, row.version) };
}

/** The signed status's one query, compiled once: the subject, its name on the day, the entries, the read version. */
const statusQuery = queryTemplate(['uscc', 'on'], (db, { uscc, on }) => {
  const subjectId = sql.ref<string>('s.id');
  return db
    .selectFrom('credit.subjects as s')
    .select([
      's.uscc',
      's.name',
      readVersionOf(subjectId).as('version'),
      nameBeforeRenameQuery(db, subjectId, on).as('name_then'),
      jsonArrayFrom(
        db
          .selectFrom('credit.list_entries as e')
          .select([
            'e.id',
            'e.list',
            'e.document_no',
            'e.department',
            'e.published_on',
            'e.exited_on',
            'e.exit_reason',
            'e.valid_until',
            'e.voided',
          ])
          .where('e.subject_id', '=', subjectId)
          .where('e.published_on', 'is not', null)
          .where('e.published_on', '<=', on)
          // A voided entry is reported as voided whatever its exit date, so the proof for the very day it was
          // voided still says it existed and was cleared.
          .where((eb) => eb.or([eb('e.exited_on', 'is', null), eb('e.exited_on', '>', on), eb('e.voided', '=', true)]))
          .where('e.valid_until', '>=', on)
          .orderBy('e.published_on')
          .orderBy('e.id'),
      ).as('entries'),
    ])
    .where('s.uscc', '=', uscc);
});

/**
 * Was the subject on a red, black or watch list on a day? Read from the stored history and signed, so
 * the answer can be shown to others and checked against /.well-known/jwks.json. A period voided by an
 * upheld objection counts as not listed, and the answer says so.
 */
export async function listStatus(db: Db, signer: ProofSigner, uscc: string, on: IsoDate, issuedAt: Date) {
  const [subject] = await statusQuery(db, { uscc, on });
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  const rows = subject.entries;
  const shape = (e: (typeof rows)[number]) =>
    statusEntry({
      id: e.id,
      list: e.list,
      documentNo: e.document_no,
      department: e.department,
      publishedOn: e.published_on!,
      validUntil: e.valid_until,
      exitedOn: e.exited_on,
      exitReason: e.exit_reason,
    });
  const counted = rows.filter((e) => !e.voided);
  const status = {
    uscc: subject.uscc,
    name: maskPersonalData(subject.name_then ?? subject.name),
    on,
    red: counted.some((e) => e.list === 'red'),
    black: counted.some((e) => e.list === 'black'),
    watch: counted.some((e) => e.list === 'watch'),
    entries: counted.map(shape),
    // Says that a voided entry existed (the subject may need to show it was cleared) without publishing its details.
    voidedEntries: rows.filter((e) => e.voided).map(voidedStatusEntry),
    issuedAt: issuedAt.toISOString(),
  };
  return { status, jws: await signer.sign(status), etag: answerEtag('status', subject.uscc, on, subject.version) };
}
