import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';

/** A regulator records the commitments its department accepts; only that unit (or an admin) decides whether one was kept. */
export const RECORDERS: Role[] = ['regulator'];
export const DECIDERS: Role[] = ['regulator', 'admin'];

export function assertMayDecide(actor: Actor, commitment: { accepting_unit_uscc: string }): void {
  if (actor.role === 'admin' || (actor.role === 'regulator' && actor.dept === commitment.accepting_unit_uscc)) return;
  throw fail.forbidden('only the accepting unit decides whether a commitment was kept');
}
