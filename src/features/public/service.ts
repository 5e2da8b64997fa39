import { fail } from '../../core/errors.js';
import type { Db } from '../../db/types.js';
import { maskPersonalData, profileEntry, profileRecord, publicSubject, statusEntry, voidedStatusEntry } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import type { ProofSigner } from '../../signing/signer.js';
import { entryActiveOn, recordsInEffectAmongSubjects } from '../credit-rules/index.js';
import { departmentNames } from '../departments/index.js';
import { publicExplanation } from '../evaluation/index.js';
import { findSubject, nameOn } from '../subjects/index.js';

/**
 * What the public may see (domain §11): name, code, 法定代表人, public list entries and public records
 * in effect today, and the score and grade those alone give (a record that is not public moves no
 * public number: see evaluation/public-score.ts), with a line for every point of that score (which
 * rule, which public record, how many points). Nothing minor, exited, repaired, voided or expired;
 * no personal data beyond the representative's name (the disclosure module masks every text).
 */
export async function publicProfile(db: Db, uscc: string, today: IsoDate) {
  const subject = await findSubject(db, uscc);
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  const [evaluation, records, entries] = await Promise.all([
    publicExplanation(db, subject.id, today),
    // Newest first, as the profile reads.
    recordsInEffectAmongSubjects(db, [subject.id], today, true).then((rows) => rows.reverse()),
    db
      .selectFrom('credit.list_entries as e')
      .select(['e.id', 'e.list', 'e.reason', 'e.basis', 'e.document_no', 'e.department', 'e.published_on', 'e.valid_until'])
      .where('e.subject_id', '=', subject.id)
      .where(entryActiveOn('e', today))
      .orderBy('e.published_on', 'desc')
      .execute(),
  ]);
  const names = await departmentNames(db, [...records.map((r) => r.department), ...entries.map((e) => e.department)]);
  return {
    ...publicSubject({
      uscc: subject.uscc,
      name: subject.name,
      kind: subject.kind,
      legalRepresentative: subject.legal_representative,
      previousNames: subject.previous_names,
    }),
    asOf: today,
    grade: evaluation.grade,
    score: evaluation.score,
    ruleVersion: evaluation.ruleVersion,
    explanation: { lines: evaluation.lines, forcedBottom: evaluation.forcedBottom },
    listEntries: entries.map((e) => ({
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
      departmentName: names.get(e.department) ?? null,
    })),
    records: records.map((r) => ({
      ...profileRecord(r),
      departmentName: names.get(r.department) ?? null,
    })),
  };
}

/**
 * Was the subject on a red, black or watch list on a day? Read from the stored history and signed, so
 * the answer can be shown to others and checked against /.well-known/jwks.json. A period voided by an
 * upheld objection counts as not listed, and the answer says so.
 */
export async function listStatus(db: Db, signer: ProofSigner, uscc: string, on: IsoDate, issuedAt: Date) {
  const subject = await findSubject(db, uscc);
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  const rows = await db
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
    .where('e.subject_id', '=', subject.id)
    .where('e.published_on', 'is not', null)
    .where('e.published_on', '<=', on)
    // A voided entry is reported as voided whatever its exit date, so the proof for the very day it was
    // voided still says it existed and was cleared.
    .where((eb) => eb.or([eb('e.exited_on', 'is', null), eb('e.exited_on', '>', on), eb('e.voided', '=', true)]))
    .where('e.valid_until', '>=', on)
    .orderBy('e.published_on')
    .execute();
  const name = await nameOn(db, subject, on);
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
    name: maskPersonalData(name),
    on,
    red: counted.some((e) => e.list === 'red'),
    black: counted.some((e) => e.list === 'black'),
    watch: counted.some((e) => e.list === 'watch'),
    entries: counted.map(shape),
    // Says that a voided entry existed (the subject may need to show it was cleared) without publishing its details.
    voidedEntries: rows.filter((e) => e.voided).map(voidedStatusEntry),
    issuedAt: issuedAt.toISOString(),
  };
  return { status, jws: await signer.sign(status) };
}
