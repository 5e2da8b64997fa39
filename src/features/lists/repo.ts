import type { Selectable } from 'kysely';
import type { Db, ListEntriesTable, Trx } from '../../db/types.js';
import { deadline } from '../../lib/dates.js';
import type { ReadAt } from '../calendar/index.js';

export type EntryRow = Selectable<ListEntriesTable> & { uscc: string; subject_name: string; legal_representative: string };

function withSubject(db: Db | Trx) {
  return db
    .selectFrom('credit.list_entries as e')
    .innerJoin('credit.subjects as s', 's.id', 'e.subject_id')
    .selectAll('e')
    .select(['s.uscc', 's.name as subject_name', 's.legal_representative']);
}

export const find = (db: Db | Trx, id: string) => withSubject(db).where('e.id', '=', id).executeTakeFirst();
export const lock = (trx: Trx, id: string) => withSubject(trx).where('e.id', '=', id).forUpdate('e').executeTakeFirst();

export function history(db: Db | Trx, id: string) {
  return db.selectFrom('credit.list_entry_transitions').selectAll().where('entry_id', '=', id).orderBy('id').execute();
}

export function toView(row: EntryRow, at: ReadAt) {
  const today = at.today;
  return {
    id: row.id,
    subjectUscc: row.uscc,
    subjectName: row.subject_name,
    legalRepresentative: row.legal_representative,
    list: row.list,
    department: row.department,
    reason: row.reason,
    basis: row.basis,
    documentNo: row.document_no,
    recordIds: row.record_ids,
    validFrom: row.published_on,
    validUntil: row.valid_until,
    state: row.state,
    notifiedOn: row.notified_on,
    ...deadline(row.state === 'notified' ? row.statement_due_on : null, today),
    dueOn: row.statement_due_on,
    deadlinesProvisional:
      row.state === 'notified' &&
      row.notified_on !== null &&
      row.statement_due_on !== null &&
      at.provisional(row.notified_on, row.statement_due_on),
    statement: row.statement,
    statementAt: row.statement_at?.toISOString() ?? null,
    publishedOn: row.published_on,
    exitedOn: row.exited_on,
    exitReason: row.exit_reason,
    voided: row.voided,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export type EntryView = ReturnType<typeof toView>;
