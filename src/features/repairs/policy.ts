import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { isOwnDepartment, isSubjectItself, isSupervisor } from '../../core/policy.js';

/**
 * Who may act on a repair: the deciding department's regulators, reviewers and admins decide; the
 * subject applies and reads its own. Used by the route guards and by the verbs.
 */
export const APPLICANTS: Role[] = ['subject'];
export const DECIDERS: Role[] = ['regulator', 'reviewer', 'admin'];
export const READERS: Role[] = [...DECIDERS, 'subject'];

/** A repair is decided by its deciding department's regulators, or by a supervisor (a reviewer, an admin). */
export function mayDecide(actor: Actor | { role: 'system' }, repair: { department: string }): boolean {
  return isSupervisor(actor) || isOwnDepartment(actor, repair.department);
}

/** A subject applies to repair only what is its own (its records, its list entries). */
export function mayApplyFor(actor: Actor, subjectUscc: string): boolean {
  return APPLICANTS.includes(actor.role) && isSubjectItself(actor, subjectUscc);
}

export function assertMayDecide(actor: Actor, repair: { department: string }): void {
  if (mayDecide(actor, repair)) return;
  throw fail.forbidden('this repair is decided by another department');
}

export function assertMayRead(actor: Actor, repair: { department: string; uscc: string }): void {
  if (isSupervisor(actor) || isOwnDepartment(actor, repair.department) || isSubjectItself(actor, repair.uscc)) return;
  throw fail.forbidden(actor.role === 'subject' ? 'a subject reads only its own repairs' : 'this repair is decided by another department');
}
