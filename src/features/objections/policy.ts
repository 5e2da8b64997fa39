import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { isOwnDepartment, isSupervisor } from '../../core/policy.js';

/**
 * Who handles an objection: the department whose decision it targets (its regulators), reviewers and
 * admins decide; the city platform may also forward; the one who filed it reads it. Route guards and
 * verbs both ask here.
 */
export type ObjectionAction = 'read' | 'forward' | 'decide';

export const DECIDERS: Role[] = ['regulator', 'reviewer', 'admin'];
/** The platform forwards (36号令); the deciding department does not forward to itself. Admins run the platform role's duties when there is no platform. */
export const FORWARDERS: Role[] = ['platform', 'admin'];

export function assertMay(actor: Actor, objection: { department: string; filed_by: string }, action: ObjectionAction): void {
  if (action === 'forward') {
    if (FORWARDERS.includes(actor.role)) return;
    throw fail.forbidden('objections are forwarded by the credit platform, not by the deciding department');
  }
  if (isSupervisor(actor) || isOwnDepartment(actor, objection.department)) return;
  // The platform reads what it must forward; the one who filed reads its own.
  if (action === 'read' && (actor.role === 'platform' || actor.sub === objection.filed_by)) return;
  throw fail.forbidden('this objection is handled by another department');
}
