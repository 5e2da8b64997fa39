import type { Actor } from '../../core/actor.js';
import { may } from './policy.js';
import { TRANSITIONS } from './service.js';

/**
 * The steps an objection allows this actor now, by the state table and the policy the verbs use:
 * forwarding while it is filed (the platform, or an admin); deciding it, or extending its deadline,
 * while it is forwarded (the deciding department, reviewers, admins). The verbs check each again.
 */
export type ObjectionStep = 'forward' | 'decide' | 'extend';

export function allowedObjectionSteps(o: { state: string; department: string; filedBy: string }, actor: Actor): ObjectionStep[] {
  const moves = TRANSITIONS[o.state as keyof typeof TRANSITIONS] ?? {};
  const row = { department: o.department, filed_by: o.filedBy };
  const steps: ObjectionStep[] = [];
  if ('forward' in moves && may(actor, row, 'forward')) steps.push('forward');
  if (('uphold' in moves || 'partly_uphold' in moves || 'reject' in moves) && may(actor, row, 'decide')) steps.push('decide');
  if ('extend' in moves && may(actor, row, 'decide')) steps.push('extend');
  return steps;
}
