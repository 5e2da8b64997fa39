import { canonicalJson, sha256Hex } from '../canonical.js';
import type { DrawMode, DrawRule, PoolMember, QuoteKind } from './types.js';

/** 最优价: k is drawn from these (percent), domain §8. */
export const BEST_PRICE_FACTORS = [95, 96, 97, 98];
export const DEFAULT_LONG_LIST = 5;
export const DEFAULT_SHORT_LIST = 3;

/**
 * The rule an announcement's draw follows, from the thresholds of domain §8: 财政资金 random draws and
 * lowest-price bids need 3; best price needs 3 bids (a non-财政 announcement with exactly one bid goes to
 * it, see decide); credit first needs 2 sign-ups.
 */
export function drawRuleFor(a: {
  id: string;
  mode: DrawMode;
  fiscal: boolean;
  quoteKind: QuoteKind;
  longListSize?: number | null;
  shortListSize?: number | null;
}): DrawRule {
  const base = { function: 'hkdf-sha256-v1' as const, announcementId: a.id, mode: a.mode, fiscal: a.fiscal, quoteKind: a.quoteKind };
  switch (a.mode) {
    case 'random':
    case 'bid_lowest':
      return { ...base, minimumPool: a.fiscal ? 3 : 1 };
    case 'bid_best':
      return { ...base, minimumPool: 3, factors: [...BEST_PRICE_FACTORS] };
    case 'credit_first':
      return {
        ...base,
        minimumPool: 2,
        longListSize: a.longListSize ?? DEFAULT_LONG_LIST,
        shortListSize: a.shortListSize ?? DEFAULT_SHORT_LIST,
      };
  }
}

/** sha256 hex of the rule's canonical JSON (keys sorted, no whitespace). */
export async function hashRule(rule: DrawRule): Promise<string> {
  return sha256Hex(canonicalJson(rule));
}

const byLabel = (a: PoolMember, b: PoolMember) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0);

/** The pool in its published form: sorted by label (code-unit order, the same in every language). */
export function sortPool(pool: PoolMember[]): PoolMember[] {
  return [...pool].sort(byLabel);
}

/** sha256 hex of the canonical JSON of the pool sorted by label: the same set of members gives the same hash. */
export async function hashPool(pool: PoolMember[]): Promise<string> {
  return sha256Hex(canonicalJson(sortPool(pool)));
}
