import type { Actor, Ctx, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';

/**
 * Who does what in the agencies part of the 超市: an intermediary applies and edits its own profile
 * with its subject token; the operator (admin) admits, suspends and lifts; a regulator may suspend
 * for discipline only (domain §8: 监管部门的惩戒). The directory and profiles are public.
 */
export const APPLICANTS: Role[] = ['subject'];
export const OPERATORS: Role[] = ['admin'];
export const SUSPENDERS: Role[] = ['admin', 'regulator'];

/** An agency acts on its own profile only. */
export function assertOwnProfile(actor: Actor, uscc: string): void {
  if (actor.role === 'subject' && actor.uscc === uscc) return;
  throw fail.forbidden('an agency edits only its own profile');
}

/**
 * The operator suspends for any reason; a regulator for discipline, and for complaints when its
 * verification of the third complaint in a year triggers it (the reports feature calls suspendAgency
 * in that regulator's name, or the system's).
 */
export function assertMaySuspend(ctx: Ctx, reason: 'complaints' | 'discipline' | 'fraud'): void {
  const role = ctx.actor.role;
  if (role === 'admin' || role === 'system') return;
  if (role === 'regulator' && reason !== 'fraud') return;
  throw fail.forbidden(
    role === 'regulator' ? 'a regulator suspends an agency for discipline only' : `role ${role} may not suspend agencies`,
  );
}

export function assertOperator(ctx: Ctx, what: string): void {
  if (ctx.actor.role === 'admin') return;
  throw fail.forbidden(`only the operator (admin) ${what}`);
}
