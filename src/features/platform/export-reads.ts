import { type RawBuilder, sql } from 'kysely';
import type { Db } from '../../db/types.js';
import { type CommitmentRow, platformCommitmentRow } from '../../disclosure/export-commitments.js';
import { type ListRow, platformListRow } from '../../disclosure/export-lists.js';
import { type PenaltyRow, platformPenaltyRow, type StoredPenalty } from '../../disclosure/exports.js';
import type { IsoDate } from '../../lib/dates.js';
import { COMMITMENT_TYPE_NAMES } from '../commitments/index.js';
import { recordInEffect } from '../credit-rules/index.js';

/**
 * The rows of the platform's exports, read in chunks by keyset on the id (the index every table has),
 * so an export of any size holds one chunk in memory. No transaction is held across chunks: a slow
 * reader must not keep a connection (or the embedded database's only one) busy; a row committed while
 * the file streams may or may not be in it, and the feed tells the platform about it either way.
 */
export type DateRange = { from?: IsoDate; to?: IsoDate };

/** Reads pages of `size` after the last id until a short page: each page is one chunk. */
export async function* keysetChunks<T extends { id: string }>(
  read: (after: string | null, limit: number) => Promise<T[]>,
  size: number,
): AsyncGenerator<T[]> {
  let after: string | null = null;
  for (;;) {
    const rows = await read(after, size);
    if (rows.length > 0) yield rows;
    if (rows.length < size) return;
    after = rows[rows.length - 1]!.id;
  }
}

const inRange = (column: string, range: DateRange): RawBuilder<boolean> => {
  const c = sql.ref(column);
  return sql<boolean>`(${range.from ?? null}::date IS NULL OR ${c} >= ${range.from ?? null}::date)
    AND (${range.to ?? null}::date IS NULL OR ${c} <= ${range.to ?? null}::date)`;
};

/**
 * Which credit records are 行政处罚 decisions: the current revision of a public dishonesty record
 * that imposed at least one penalty of the 行政处罚法 (records/schemas.ts PENALTY_TYPES). A record with
 * no penalty (a broken commitment, a 政务失信 from arrears, a verified market report) or a good record
 * is not one; a minor record is not public and is not shared (domain §9: 轻微 may stay unpublished).
 */
function penaltyDecisions(db: Db) {
  return db
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .innerJoin('credit.categories as c', 'c.code', 'r.category')
    .leftJoin('credit.departments as d', 'd.uscc', 'r.department')
    .select([
      'r.id',
      'r.department',
      'r.decided_on',
      'r.document_no',
      'r.facts',
      'r.basis',
      'r.penalties',
      'r.shown_until',
      'c.name as category_name',
      's.uscc',
      's.name as subject_name',
      's.legal_representative',
      'd.name as department_name',
    ])
    .where('r.superseded_at', 'is', null)
    .where('r.kind', '=', 'dishonesty')
    .where('r.is_public', '=', true)
    .where(sql<boolean>`jsonb_array_length(r.penalties) > 0`);
}

export type PenaltyDecision = { id: string; department: string; decidedOn: IsoDate; row: PenaltyRow };

/**
 * 行政处罚 decisions decided within the range, in chunks. `inEffect` (the export): only those shown on
 * `today` — one ended (expired, repaired, ended by decision) or voided is not exported as current, its
 * 终止公示 reaches the platform as a feed event. Otherwise (the quality report): every decision but a
 * voided one, which counts as never made.
 */
export function penaltyDecisionChunks(db: Db, range: DateRange, scope: { inEffectOn: IsoDate } | 'decided', size: number) {
  return keysetChunks<PenaltyDecision>(async (after, limit) => {
    let q = penaltyDecisions(db).where(inRange('r.decided_on', range));
    q = scope === 'decided' ? q.where('r.voided_on', 'is', null) : q.where(recordInEffect('r', scope.inEffectOn));
    if (after) q = q.where('r.id', '>', after);
    const rows = await q.orderBy('r.id').limit(limit).execute();
    return rows.map((r) => ({
      id: r.id,
      department: r.department,
      decidedOn: r.decided_on,
      row: platformPenaltyRow({
        id: r.id,
        subjectUscc: r.uscc,
        subjectName: r.subject_name,
        legalRepresentative: r.legal_representative,
        documentNo: r.document_no,
        categoryName: r.category_name,
        facts: r.facts,
        basis: r.basis,
        penalties: r.penalties as StoredPenalty[],
        decidedOn: r.decided_on,
        shownUntil: r.shown_until,
        department: r.department,
        departmentName: r.department_name,
      }),
    }));
  }, size);
}

/** Published red and black entries listed (published) within the range, voided ones left out (disclosure/export-lists.ts). */
export function listEntryChunks(db: Db, range: DateRange, size: number) {
  return keysetChunks<{ id: string; row: ListRow }>(async (after, limit) => {
    let q = db
      .selectFrom('credit.list_entries as e')
      .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
      .leftJoin('credit.departments as d', 'd.uscc', 'e.department')
      .select([
        'e.id',
        'e.list',
        'e.reason',
        'e.document_no',
        'e.record_ids',
        'e.published_on',
        'e.valid_until',
        'e.exited_on',
        'e.exit_reason',
        's.uscc',
        's.name as subject_name',
        's.legal_representative',
        'd.name as department_name',
      ])
      .where('e.published_on', 'is not', null)
      .where('e.voided', '=', false)
      .where('e.list', 'in', ['red', 'black'])
      .where(inRange('e.published_on', range));
    if (after) q = q.where('e.id', '>', after);
    const entries = await q.orderBy('e.id').limit(limit).execute();
    const recordIds = [...new Set(entries.flatMap((e) => e.record_ids))];
    const records = recordIds.length
      ? await db
          .selectFrom('credit.records')
          .select(['id', 'document_no', 'penalties'])
          .where('id', 'in', recordIds)
          .where('superseded_at', 'is', null)
          .execute()
      : [];
    const byId = new Map(records.map((r) => [r.id, { documentNo: r.document_no, penalties: r.penalties as StoredPenalty[] }]));
    return entries.map((e) => ({
      id: e.id,
      row: platformListRow({
        subjectUscc: e.uscc,
        subjectName: e.subject_name,
        legalRepresentative: e.legal_representative,
        list: e.list,
        documentNo: e.document_no,
        departmentName: e.department_name,
        reason: e.reason,
        publishedOn: e.published_on!,
        validUntil: e.valid_until,
        exitedOn: e.exited_on,
        exitReason: e.exit_reason,
        records: e.record_ids.flatMap((id) => byId.get(id) ?? []),
      }),
    }));
  }, size);
}

/** Public commitments made within the range (disclosure/export-commitments.ts). */
export function commitmentChunks(db: Db, range: DateRange, size: number) {
  return keysetChunks<{ id: string; row: CommitmentRow }>(async (after, limit) => {
    let q = db
      .selectFrom('credit.commitments as c')
      .innerJoin('credit.subjects as s', 's.id', 'c.subject_id')
      .selectAll('c')
      .select(['s.uscc', 's.name as subject_name'])
      .where('c.publicity', '=', 'public')
      .where(inRange('c.made_on', range));
    if (after) q = q.where('c.id', '>', after);
    const rows = await q.orderBy('c.id').limit(limit).execute();
    return rows.map((c) => ({
      id: c.id,
      row: platformCommitmentRow({
        code: c.code,
        subjectUscc: c.uscc,
        subjectName: c.subject_name,
        typeName: COMMITMENT_TYPE_NAMES[c.type],
        reason: c.reason,
        content: c.content,
        liability: c.liability,
        madeOn: c.made_on,
        validUntil: c.valid_until,
        status: c.status,
        acceptingUnitName: c.accepting_unit_name,
        acceptingUnitUscc: c.accepting_unit_uscc,
        publicity: c.publicity,
      }),
    }));
  }, size);
}
