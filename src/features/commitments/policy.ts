import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { isOwnDepartment, isSubjectItself, isSupervisor } from '../../core/policy.js';

/** A regulator records the commitments its department accepts; only that unit (or an admin) decides whether one was kept. */
export const RECORDERS: Role[] = ['regulator'];
export const DECIDERS: Role[] = ['regulator', 'admin'];

export function assertMayDecide(actor: Actor, commitment: { accepting_unit_uscc: string }): void {
  if (actor.role === 'admin' || (actor.role === 'regulator' && actor.dept === commitment.accepting_unit_uscc)) return;
  throw fail.forbidden('only the accepting unit decides whether a commitment was kept');
}

/**
 * Who reads commitments: the accepting unit, the subject itself, reviewers and admins read any of
 * theirs; another department's regulator reads only a public one (公开类型 public). A commitment that is
 * not public (or public only on request) is shown to no one else.
 */
export const READERS: Role[] = ['regulator', 'reviewer', 'admin', 'subject'];

export function mayRead(actor: Actor, c: { accepting_unit_uscc: string; uscc: string; publicity: string }): boolean {
  if (isSupervisor(actor) || isOwnDepartment(actor, c.accepting_unit_uscc) || isSubjectItself(actor, c.uscc)) return true;
  return actor.role === 'regulator' && c.publicity === 'public';
}

export function assertMayRead(actor: Actor, c: { accepting_unit_uscc: string; uscc: string; publicity: string }): void {
  if (!mayRead(actor, c)) {
    throw fail.forbidden(
      actor.role === 'subject' ? 'a subject reads only its own commitments' : 'this commitment is not public and belongs to another unit',
    );
  }
}
