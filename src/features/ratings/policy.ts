import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';

/**
 * Who does what with ratings (domain §8): the project owner that ran the selection rates its agency,
 * with the applicant token that owns the announcement; the rated agency objects with its own subject
 * token; the operator (admin) decides objections. The ratings themselves are public.
 */
export const RATERS: Role[] = ['applicant'];
export const OBJECTORS: Role[] = ['subject'];
export const OBJECTION_DECIDERS: Role[] = ['admin'];

export function assertSelectionOwner(actor: Actor, ownerSub: string): void {
  if (actor.role === 'applicant' && actor.sub === ownerSub) return;
  throw fail.forbidden('only the project owner that made the selection rates its agency');
}

export function assertRatedAgency(actor: Actor, agencyUscc: string): void {
  if (actor.role === 'subject' && actor.uscc === agencyUscc) return;
  throw fail.forbidden('only the rated agency objects to a rating');
}

export function assertOperator(actor: Actor): void {
  if (actor.role === 'admin') return;
  throw fail.forbidden('only the operator (admin) decides objections to ratings');
}
