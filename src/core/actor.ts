import type { Clock } from './clock.js';

/** Roles of domain §1; a token carries exactly one. */
export const ROLES = ['admin', 'reviewer', 'regulator', 'subject', 'applicant', 'platform', 'finance'] as const;
export type Role = (typeof ROLES)[number];

/** A person or system acting through a token. */
export type Actor = {
  sub: string;
  role: Role;
  /** The regulator's department (USCC), as the identity provider asserts it. */
  dept?: string;
  /** A subject's own USCC. */
  uscc?: string;
};

/**
 * The registry itself acting (the sweep, the seed, sealing). An outbox consumer that carries a person's
 * decision over (a justified complaint becoming a record) acts in that person's name instead.
 */
export type SystemActor = { sub: `system:${string}`; role: 'system' };

export const systemActor = (name: string): SystemActor => ({ sub: `system:${name}`, role: 'system' });

/** Who is acting, when, under which request: passed to every verb. */
export type Ctx = { actor: Actor | SystemActor; clock: Clock; requestId: string | null };

/** The context of a verb that only a token holder (never the system) may call. */
export type ActorCtx = Ctx & { actor: Actor };
