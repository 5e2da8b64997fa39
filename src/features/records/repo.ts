import type { Selectable } from 'kysely';
import type { Db, RecordsTable, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import type { RecordView } from './schemas.js';
import type { DisplayRule } from './windows.js';

export type RecordRow = Selectable<RecordsTable>;
type Evidence = { name: string; sha256: string };

export function toView(row: RecordRow & { uscc: string; subject_name: string }): RecordView {
  return {
    id: row.id,
    revision: row.revision,
    subjectUscc: row.uscc,
    subjectName: row.subject_name,
    department: row.department,
    kind: row.kind,
    category: row.category,
    severity: row.severity,
    facts: row.facts,
    basis: row.basis,
    documentNo: row.document_no,
    decidedOn: row.decided_on,
    penalties: row.penalties as RecordView['penalties'],
    evidence: row.evidence as Evidence[],
    ruleVersion: row.rule_version,
    public: row.is_public,
    displayFrom: row.display_from,
    repairableFrom: row.repairable_from,
    displayUntil: row.display_until,
    commitmentId: row.commitment_id,
    shownUntil: row.shown_until,
    obligationsUnmet: row.obligations_unmet,
    endReason: row.end_reason,
    endedOn: row.ended_on,
    voidedOn: row.voided_on,
    repairBlockedUntil: row.repair_blocked_until,
    correctionReason: row.reason,
    recordedBy: row.recorded_by,
    recordedAt: row.recorded_at.toISOString(),
    supersededAt: row.superseded_at ? row.superseded_at.toISOString() : null,
  };
}

function withSubject(db: Db | Trx) {
  return db
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .selectAll('r')
    .select(['s.uscc', 's.name as subject_name']);
}

export function findCurrent(db: Db | Trx, id: string) {
  return withSubject(db).where('r.id', '=', id).where('r.superseded_at', 'is', null).executeTakeFirst();
}

/** The current revision, locked: corrections of one record take turns. */
export function lockCurrent(trx: Trx, id: string) {
  return withSubject(trx).where('r.id', '=', id).where('r.superseded_at', 'is', null).forUpdate('r').executeTakeFirst();
}

export function history(db: Db | Trx, id: string) {
  return withSubject(db).where('r.id', '=', id).orderBy('r.revision').execute();
}

export function currentOfSubject(db: Db, subjectId: string) {
  return withSubject(db)
    .where('r.subject_id', '=', subjectId)
    .where('r.superseded_at', 'is', null)
    .orderBy('r.decided_on', 'desc')
    .orderBy('r.id', 'desc')
    .execute();
}

export async function rulesInForce(db: Db | Trx, on: IsoDate): Promise<DisplayRule[]> {
  const rows = await db
    .selectFrom('credit.display_rules')
    .selectAll()
    .where('effective_from', '<=', on)
    .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>=', on)]))
    .execute();
  return rows.map((r) => ({
    version: r.version,
    recordKind: r.record_kind,
    severity: r.severity,
    sectorClass: r.sector_class,
    minMonths: r.min_months,
    maxMonths: r.max_months,
    public: r.public,
  }));
}

export function categories(db: Db | Trx) {
  return db.selectFrom('credit.categories').selectAll().orderBy('kind').orderBy('sector').orderBy('code').execute();
}
