/**
 * When a pushed message is tried again (domain §9: immediately, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h,
 * 10 h, then dead letter). `schedule[k]` is the wait before attempt k+1, so after the k-th failed
 * attempt the next one waits `schedule[k]`; when there is none the message is dead-lettered. Waits get
 * ±10% jitter, so endpoints that failed together (a platform restart) are not all retried in one burst.
 */
export const JITTER = 0.1;

/**
 * How long a claim holds a message: the request's own timeout plus a margin for recording the outcome.
 * A worker killed mid-request leaves the lease to expire; the message is then due again at once.
 */
export const LEASE_MARGIN_MS = 5000;
export const leaseMs = (timeoutMs: number) => timeoutMs + LEASE_MARGIN_MS;

export type AfterFailure = { dead: true } | { dead: false; waitMs: number };

/** What follows the `attempts`-th failed attempt (attempts counted from 1). */
export function afterFailure(schedule: readonly number[], attempts: number, random: () => number = Math.random): AfterFailure {
  const wait = schedule[attempts];
  if (wait === undefined) return { dead: true };
  return { dead: false, waitMs: withJitter(wait, random) };
}

export function withJitter(waitMs: number, random: () => number = Math.random): number {
  return Math.round(waitMs * (1 - JITTER + 2 * JITTER * random()));
}
