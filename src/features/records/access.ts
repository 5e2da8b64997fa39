import type { Actor } from '../../http/auth.js';
import { DomainError } from '../../http/errors.js';

/**
 * Who may see and touch records. Regulators, reviewers and admins read every subject's records; a
 * subject reads only its own; nobody else reads private records. Only the deciding department (or an
 * admin) changes a record.
 */
export function assertCanReadRecordsOf(actor: Actor, subjectUscc: string): void {
  if (actor.role === 'admin' || actor.role === 'reviewer' || actor.role === 'regulator') return;
  if (actor.role === 'subject' && actor.uscc === subjectUscc) return;
  throw new DomainError('FORBIDDEN', actor.role === 'subject'
    ? 'a subject may read only its own records'
    : `role ${actor.role} may not read credit records`);
}

export function assertCanChangeRecord(actor: Actor, record: { department: string }): void {
  if (actor.role === 'admin') return;
  if (actor.role === 'regulator' && actor.dept === record.department) return;
  throw new DomainError('FORBIDDEN', 'only the deciding department (or an admin) may change this record');
}
