import type { Actor, Ctx, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole, isOwnDepartment, isSubjectItself, isSupervisor } from '../../core/policy.js';
import type { Action } from './machine.js';

/**
 * Who may do what with list entries, used by the route guards (before the body is judged) and by the
 * verbs themselves. Regulators propose for their own department; the listing department's regulators,
 * reviewers and admins act on an entry; the subject reads its own and states its case.
 */
export const PROPOSERS: Role[] = ['regulator'];
export const PARTIES: Role[] = ['regulator', 'reviewer', 'admin', 'subject'];

/** Who may take each action. */
export const ACTORS: Record<Action, Role[]> = {
  notify: ['regulator', 'admin'],
  statement: ['subject'],
  publish: ['reviewer', 'admin'],
  withdraw: ['regulator', 'admin'],
  exit: ['regulator', 'reviewer', 'admin'],
};

/** May this actor see or act on this entry at all? */
export function mayTouch(actor: Actor | Ctx['actor'], entry: { department: string; uscc: string }): boolean {
  return isSupervisor(actor) || isOwnDepartment(actor, entry.department) || isSubjectItself(actor, entry.uscc);
}

export function assertMayTouch(actor: Actor | Ctx['actor'], entry: { department: string; uscc: string }): void {
  if (mayTouch(actor, entry)) return;
  throw fail.forbidden(
    actor.role === 'subject' ? 'a subject sees only its own list entries' : 'this list entry belongs to another department',
  );
}

export function assertMayTake(actor: Ctx['actor'], action: Action): void {
  if (actor.role === 'system') return;
  assertRole(actor, ACTORS[action], action === 'statement' ? 'state a case' : `${action} a list entry`);
}
