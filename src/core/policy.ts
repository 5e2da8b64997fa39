import type { Actor, Ctx, Role } from './actor.js';
import { DomainError } from './errors.js';

/**
 * Helpers every feature's policy.ts is written with. A policy answers "may this actor do this to this
 * object"; the route guard calls it before the body is judged, and the verb calls it again, so a page
 * or a job calling the verb gets the same answer as the API.
 */
export function requireActor(ctx: Ctx | { actor: Actor | undefined }): Actor {
  const actor = ctx.actor;
  if (!actor) throw new DomainError('UNAUTHENTICATED', 'this endpoint needs a bearer token');
  if (actor.role === 'system') throw new DomainError('FORBIDDEN', 'the system may not act as a token holder here');
  return actor as Actor;
}

export function assertRole(actor: Actor, roles: readonly Role[], what = 'do this'): void {
  if (!roles.includes(actor.role)) {
    throw new DomainError('FORBIDDEN', `role ${actor.role} may not ${what} (allowed: ${roles.join(', ')})`);
  }
}

/** The department a regulator acts for; only regulators with a department record credit facts. */
export function regulatorDept(actor: Actor, what: string): string {
  if (actor.role !== 'regulator' || !actor.dept) throw new DomainError('FORBIDDEN', `only a regulator with a department ${what}`);
  return actor.dept;
}

/** The subject a subject's token speaks for; a subject token without its own code sees nothing. */
export function subjectUscc(actor: Actor, what: string): string {
  if (actor.role !== 'subject' || !actor.uscc) throw new DomainError('FORBIDDEN', `only a subject with its own code ${what}`);
  return actor.uscc;
}

/** Supervisors see every department's work; a regulator sees its own department's. */
export const SUPERVISING_ROLES: readonly Role[] = ['admin', 'reviewer'];

export function isSupervisor(actor: Actor | { role: 'system' }): boolean {
  return actor.role === 'system' || (SUPERVISING_ROLES as string[]).includes(actor.role);
}

export function isOwnDepartment(actor: Actor | { role: 'system' }, department: string): boolean {
  return actor.role === 'regulator' && (actor as Actor).dept === department;
}

export function isSubjectItself(actor: Actor | { role: 'system' }, uscc: string): boolean {
  return actor.role === 'subject' && (actor as Actor).uscc === uscc;
}
