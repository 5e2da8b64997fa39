import type { Ctx, Role } from '../../core/actor.js';
import { assertRole } from '../../core/policy.js';

/** Regulators and admins register subjects and change their names; the system does so for the seed and consumers. */
export const REGISTRARS: Role[] = ['regulator', 'admin'];

export function assertMayRegister(ctx: Ctx): void {
  if (ctx.actor.role === 'system') return;
  assertRole(ctx.actor, REGISTRARS, 'register or change subjects');
}
