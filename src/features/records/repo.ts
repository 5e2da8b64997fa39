import type { Selectable } from 'kysely';
import type { Db, RecordsTable, Trx } from '../../db/types.js';
import { addDays, type IsoDate, maxDate } from '../../lib/dates.js';
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
    repairableFrom: repairableFrom(row),
    displayUntil: row.display_until,
    commitmentId: row.commitment_id,
    reportId: row.report_id,
    shownUntil: row.shown_until,
    obligationsUnmet: row.obligations_unmet,
    obligationsMetOn: row.obligations_met_on,
    obligationsMetDocumentNo: row.obligations_met_document_no,
    endReason: row.end_reason,
    endedOn: row.ended_on,
    voidedOn: row.voided_on,
    repairBlockedUntil: row.repair_blocked_until,
    sector: row.sector,
    correctionReason: row.reason,
    objectionId: row.objection_id,
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

/** A false-materials sanction moves the first day of repair to the day after the block ends. */
function repairableFrom(row: { repairable_from: string | null; repair_blocked_until: string | null }): string | null {
  if (row.repairable_from === null || row.repair_blocked_until === null) return row.repairable_from;
  return maxDate(row.repairable_from, addDays(row.repair_blocked_until, 1));
}

/** The penalty → least class table, and a department's own standard where it loaded one. */
export async function penaltyClasses(db: Db | Trx, department: string) {
  const [table, standard] = await Promise.all([
    db.selectFrom('credit.penalty_classes').selectAll().execute(),
    db.selectFrom('credit.sector_standards').select(['penalty_type', 'least_severity']).where('department', '=', department).execute(),
  ]);
  return {
    table: new Map(table.map((r) => [r.penalty_type, r.least_severity])),
    standard: new Map(standard.map((r) => [r.penalty_type, r.least_severity])),
  };
}
