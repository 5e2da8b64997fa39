import { type Clock, dateInShanghai } from '../../src/core/clock.js';

/** A clock a test moves by hand, to stand before and after a deadline. */
export function settableClock(iso: string): Clock & { set(iso: string): void } {
  let at = new Date(iso);
  return {
    now: () => new Date(at),
    today: () => dateInShanghai(at),
    set(next: string) {
      at = new Date(next);
    },
  };
}

/** Noon in Shanghai on a date, as an instant. */
export const onDay = (date: string) => `${date}T04:00:00Z`;
