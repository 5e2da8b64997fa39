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
export const FORWARDERS: Role[] = ['platform', ...DECIDERS];

export function assertMay(actor: Actor, objection: { department: string; filed_by: string }, action: ObjectionAction): void {
  if (isSupervisor(actor) || isOwnDepartment(actor, objection.department)) return;
  if (action === 'forward' && actor.role === 'platform') return;
  if (action === 'read' && actor.sub === objection.filed_by) return;
  throw fail.forbidden('this objection is handled by another department');
}
