import { sql } from 'kysely';
import type { Db } from '../../db/types.js';
import type { StoredPenalty } from '../../disclosure/exports.js';
import { commitmentDisclosure, entryDisclosure, recordDisclosure } from '../../disclosure/index.js';
import type { IsoDate } from '../../lib/dates.js';
import { COMMITMENT_TYPE_NAMES } from '../commitments/index.js';
import { entryActiveOn, recordInEffect } from '../credit-rules/index.js';
import { keysetChunks } from './export-reads.js';

/**
 * What is public on a day, in the shapes the feed's payloads use (the disclosure module's, masked),
 * read in chunks by id: public commitments, list entries active that day, public records in effect
 * that day. Each row is tagged with its kind; the snapshot puts the kinds in this order (by name).
 */
export const SNAPSHOT_KINDS = ['commitment', 'list_entry', 'record'] as const;
export type SnapshotKind = (typeof SNAPSHOT_KINDS)[number];
/** A row: its kind, its id, and the public shape as `data` (nested: the shapes have `kind` and `type` fields of their own). */
export type SnapshotRow = { kind: SnapshotKind; id: string; data: Record<string, unknown> };

export function snapshotChunks(db: Db, kind: SnapshotKind, today: IsoDate, size: number): AsyncGenerator<SnapshotRow[]> {
  if (kind === 'commitment') return keysetChunks((after, limit) => commitments(db, after, limit), size);
  if (kind === 'list_entry') return keysetChunks((after, limit) => entries(db, today, after, limit), size);
  return keysetChunks((after, limit) => records(db, today, after, limit), size);
}

async function commitments(db: Db, after: string | null, limit: number): Promise<SnapshotRow[]> {
  let q = db
    .selectFrom('credit.commitments as c')
    .innerJoin('credit.subjects as s', 's.id', 'c.subject_id')
    .selectAll('c')
    .select(['s.uscc', 's.name as subject_name', 's.kind as subject_kind'])
    .where('c.publicity', '=', 'public');
  if (after) q = q.where('c.id', '>', after);
  const rows = await q.orderBy('c.id').limit(limit).execute();
  return rows.map((c) => ({
    kind: 'commitment' as const,
    id: c.id,
    data: commitmentDisclosure({
      id: c.id,
      code: c.code,
      subjectUscc: c.uscc,
      subjectName: c.subject_name,
      subjectKind: c.subject_kind,
      type: c.type,
      typeName: COMMITMENT_TYPE_NAMES[c.type],
      reason: c.reason,
      content: c.content,
      liability: c.liability,
      madeOn: c.made_on,
      validUntil: c.valid_until,
      acceptingUnitUscc: c.accepting_unit_uscc,
      acceptingUnitName: c.accepting_unit_name,
      publicity: c.publicity,
      status: c.status,
      fulfilmentOn: c.fulfilment_on,
      fulfilmentUnitUscc: c.fulfilment_unit_uscc,
      fulfilmentNote: c.fulfilment_note,
      recordId: c.record_id,
    }),
  }));
}

async function entries(db: Db, today: IsoDate, after: string | null, limit: number): Promise<SnapshotRow[]> {
  let q = db
    .selectFrom('credit.list_entries as e')
    .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
    .selectAll('e')
    .select(['s.uscc', 's.name as subject_name'])
    .where(entryActiveOn('e', today));
  if (after) q = q.where('e.id', '>', after);
  const rows = await q.orderBy('e.id').limit(limit).execute();
  return rows.map((e) => ({
    kind: 'list_entry' as const,
    id: e.id,
    data: entryDisclosure({
      id: e.id,
      subjectUscc: e.uscc,
      subjectName: e.subject_name,
      list: e.list,
      department: e.department,
      reason: e.reason,
      basis: e.basis,
      documentNo: e.document_no,
      state: e.state,
      publishedOn: e.published_on,
      validUntil: e.valid_until,
      exitedOn: e.exited_on,
      exitReason: e.exit_reason,
      voided: e.voided,
    }),
  }));
}

async function records(db: Db, today: IsoDate, after: string | null, limit: number): Promise<SnapshotRow[]> {
  let q = db
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .selectAll('r')
    .select(['s.uscc', 's.name as subject_name'])
    // As the record's own view gives it (records/repo.ts): a false-materials block moves the first day of repair.
    .select(
      sql<string | null>`CASE WHEN r.repairable_from IS NULL OR r.repair_blocked_until IS NULL THEN r.repairable_from
        ELSE GREATEST(r.repairable_from, r.repair_blocked_until + 1) END`.as('repairable_on'),
    )
    .where('r.is_public', '=', true)
    .where(recordInEffect('r', today));
  if (after) q = q.where('r.id', '>', after);
  const rows = await q.orderBy('r.id').limit(limit).execute();
  return rows.map((r) => ({
    kind: 'record' as const,
    id: r.id,
    data: recordDisclosure({
      id: r.id,
      revision: r.revision,
      subjectUscc: r.uscc,
      subjectName: r.subject_name,
      department: r.department,
      kind: r.kind,
      category: r.category,
      severity: r.severity,
      facts: r.facts,
      basis: r.basis,
      documentNo: r.document_no,
      decidedOn: r.decided_on,
      penalties: r.penalties as StoredPenalty[],
      public: r.is_public,
      displayFrom: r.display_from,
      displayUntil: r.display_until,
      shownUntil: r.shown_until,
      repairableFrom: r.repairable_on,
      endReason: r.end_reason,
      endedOn: r.ended_on,
      voidedOn: r.voided_on,
    }),
  }));
}
