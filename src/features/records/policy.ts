import type { Actor, Ctx, Role } from '../../core/actor.js';
import { DomainError } from '../../core/errors.js';
import { isOwnDepartment, isSubjectItself, isSupervisor } from '../../core/policy.js';

/**
 * Who may see and touch records. Regulators, reviewers and admins read every subject's records; a
 * subject reads only its own; nobody else reads private records. Only the deciding department (or an
 * admin) changes a record. Used by route guards and verbs alike.
 */
export const RECORDERS: Role[] = ['regulator'];
export const CHANGERS: Role[] = ['regulator', 'admin'];
export const HOLD_READERS: Role[] = ['regulator', 'reviewer', 'admin'];
/** A department's case file: its regulators, and reviewers and admins for every department. */
export const LISTERS: Role[] = ['regulator', 'reviewer', 'admin'];
/** Admins load a department's published 轻微/一般/严重 standard. */
export const STANDARD_KEEPERS: Role[] = ['admin'];

export function assertCanReadRecordsOf(actor: Actor | Ctx['actor'], subjectUscc: string): void {
  if (actor.role === 'system' || actor.role === 'admin' || actor.role === 'reviewer' || actor.role === 'regulator') return;
  if (isSubjectItself(actor, subjectUscc)) return;
  throw new DomainError(
    'FORBIDDEN',
    actor.role === 'subject' ? 'a subject may read only its own records' : `role ${actor.role} may not read credit records`,
  );
}

/** Only the deciding department (its regulators) or an admin changes a record. */
export function mayChangeRecord(actor: Actor | Ctx['actor'], record: { department: string }): boolean {
  return actor.role === 'admin' || actor.role === 'system' || isOwnDepartment(actor, record.department);
}

export function assertCanChangeRecord(actor: Actor | Ctx['actor'], record: { department: string }): void {
  if (mayChangeRecord(actor, record)) return;
  throw new DomainError('FORBIDDEN', 'only the deciding department (or an admin) may change this record');
}

/** Changes other processes make to a department's records (a repair revoked): that department, or a supervisor. */
export function assertMayActFor(actor: Actor | Ctx['actor'], department: string): void {
  if (isSupervisor(actor) || isOwnDepartment(actor, department)) return;
  throw new DomainError('FORBIDDEN', `records of department ${department} are changed only by that department (or a reviewer or admin)`);
}
