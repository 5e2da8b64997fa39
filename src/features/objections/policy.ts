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

export function may(actor: Actor, objection: { department: string; filed_by: string }, action: ObjectionAction): boolean {
  if (action === 'forward') return FORWARDERS.includes(actor.role);
  if (isSupervisor(actor) || isOwnDepartment(actor, objection.department)) return true;
  // The platform reads what it must forward; the one who filed reads its own.
  return action === 'read' && (actor.role === 'platform' || actor.sub === objection.filed_by);
}

export function assertMay(actor: Actor, objection: { department: string; filed_by: string }, action: ObjectionAction): void {
  if (may(actor, objection, action)) return;
  if (action === 'forward') throw fail.forbidden('objections are forwarded by the credit platform, not by the deciding department');
  throw fail.forbidden('this objection is handled by another department');
}

/** The states the queue is filtered by: open (filed or forwarded), all, or one state. */
export const QUEUE_STATES = ['open', 'all', 'filed', 'forwarded', 'upheld', 'partly_upheld', 'rejected'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

/** The platform's part is forwarding (domain §6): its queue holds the objections waiting for that, nothing else. */
const PLATFORM_QUEUE_STATES: readonly QueueState[] = ['open', 'filed'];

/** The queue filters a role may ask for (objectionQueue refuses any other). */
export function queueStatesFor(role: Role): readonly QueueState[] {
  return role === 'platform' ? PLATFORM_QUEUE_STATES : QUEUE_STATES;
}
