import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';

/**
 * Who may do what in the arrears ledger, for route guards and verbs alike. Finance clerks (and admins)
 * write it; regulators and reviewers read all of it; a contractor reads its own contracts and
 * complains about them; complaints are handled by finance, regulators and admins.
 */
export const WRITERS: Role[] = ['finance', 'admin'];
export const SUPERVISORS: Role[] = ['finance', 'regulator', 'reviewer', 'admin'];
export const READERS: Role[] = [...SUPERVISORS, 'subject'];
export const COMPLAINANTS: Role[] = ['subject', 'finance', 'admin'];
export const COMPLAINT_HANDLERS: Role[] = ['finance', 'regulator', 'admin'];
/** Admins record the LPR announcements the ledger's rates are checked against. */
export const LPR_KEEPERS: Role[] = ['admin'];

export function assertCanWriteLedger(actor: Actor) {
  if (!WRITERS.includes(actor.role)) throw fail.forbidden('only finance (清欠) clerks write the arrears ledger');
}

export function assertSupervisor(actor: Actor, what: string) {
  assertRole(actor, SUPERVISORS, what);
}

export function assertCanReadContract(actor: Actor, contract: { contractor_uscc: string }) {
  if (SUPERVISORS.includes(actor.role)) return;
  if (actor.role === 'subject' && actor.uscc === contract.contractor_uscc) return;
  throw fail.forbidden('a contractor reads only its own contracts');
}
