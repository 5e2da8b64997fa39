import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';

/**
 * Who uses watches: the city platform and applicants (项目业主 vetting agencies) register them and
 * manage their own; an admin may read every watch (to see what is registered) but changes none. Another
 * owner's watch does not exist for a caller (404), so its id tells a stranger nothing.
 *
 * A watch carries what its owner may see. Neither role reads credit records, so the status every
 * notification carries is the public one (sync/watch-status.ts): nothing more than the public profile
 * says. The causes differ by one case: the platform reads the whole feed, including events whose
 * payload is not public, so its watches are also told when a correction takes a public 严重 record out
 * of public view (the restriction ends); an applicant's watch never hears of such an event
 * (sync/watch-changes.ts).
 */
export const WATCH_OWNERS: Role[] = ['platform', 'applicant'];
export const WATCH_READERS: Role[] = [...WATCH_OWNERS, 'admin'];

export type WatchOwner = { owner_sub: string; owner_role: string };

const owns = (actor: Actor, watch: WatchOwner) => actor.sub === watch.owner_sub && actor.role === watch.owner_role;

export function assertMayRead(actor: Actor, watch: WatchOwner & { id: string }): void {
  if (actor.role === 'admin' || owns(actor, watch)) return;
  throw fail.notFound(`watch ${watch.id}`);
}

export function assertMayChange(actor: Actor, watch: WatchOwner & { id: string }): void {
  if (owns(actor, watch)) return;
  if (actor.role === 'admin') throw fail.forbidden('an admin reads watches; only their owner changes them');
  throw fail.notFound(`watch ${watch.id}`);
}
