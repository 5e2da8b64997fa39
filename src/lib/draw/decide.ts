import { drawFactor, orderPool } from './order.js';
import { abs, decimalText, type Quote, quoteOf, toCommonScale } from './quotes.js';
import { DEFAULT_LONG_LIST, DEFAULT_SHORT_LIST } from './rule.js';
import { DrawMismatch, type DrawRule, type Outcome, type PoolMember } from './types.js';

/**
 * The outcome of a draw from its rule, its pool and the randomness (domain §8). Every outcome carries the
 * full draw order, which also breaks every tie.
 */
export async function decide(rule: DrawRule, pool: PoolMember[], randomness: string, poolHash: string): Promise<Outcome> {
  if (rule.function !== 'hkdf-sha256-v1') throw new DrawMismatch(`unknown draw function ${String(rule.function)}`);
  const order = (
    await orderPool(
      randomness,
      poolHash,
      pool.map((m) => m.label),
    )
  ).map((k) => k.label);
  const position = new Map(order.map((label, i) => [label, i]));
  const byOrder = (a: string, b: string) => position.get(a)! - position.get(b)!;
  switch (rule.mode) {
    case 'random':
      if (pool.length < rule.minimumPool) return failed(order, 'pool_too_small', poolDetail(rule, pool.length));
      return { order, winner: order[0] ?? null };
    case 'bid_lowest':
      return lowestBid(rule, pool, order, byOrder);
    case 'bid_best':
      return bestPrice(rule, pool, order, byOrder, randomness, poolHash);
    case 'credit_first':
      return creditFirst(rule, pool, order, byOrder);
    default:
      throw new DrawMismatch(`unknown draw mode ${String((rule as { mode: unknown }).mode)}`);
  }
}

type ByOrder = (a: string, b: string) => number;

function failed(order: string[], code: string, detail: string): Outcome {
  return { order, winner: null, failed: { code, detail } };
}

function poolDetail(rule: DrawRule, size: number): string {
  const fiscal = rule.fiscal ? '财政资金 ' : '';
  return `${fiscal}${rule.mode} needs at least ${rule.minimumPool} eligible agencies (至少 ${rule.minimumPool} 家); the pool has ${size}`;
}

function bidsOf(rule: DrawRule, pool: PoolMember[]): Quote[] {
  return toCommonScale(pool.map((m) => quoteOf(m, rule.quoteKind)).filter((q): q is Quote => q !== null)).quotes;
}

function tooFewBids(rule: DrawRule, order: string[], count: number): Outcome {
  const fiscal = rule.fiscal ? '财政资金 ' : '';
  return failed(
    order,
    'too_few_bids',
    `${fiscal}${rule.mode} needs at least ${rule.minimumPool} valid bids (至少 ${rule.minimumPool} 家报价); ${count} received`,
  );
}

/** 最低价: the lowest valid bid (a lower discount rate is the cheaper quote); a tie goes by the draw order. */
function lowestBid(rule: DrawRule, pool: PoolMember[], order: string[], byOrder: ByOrder): Outcome {
  const bids = bidsOf(rule, pool);
  if (bids.length < Math.max(1, rule.minimumPool)) return tooFewBids(rule, order, bids.length);
  bids.sort((a, b) => (a.units < b.units ? -1 : a.units > b.units ? 1 : byOrder(a.label, b.label)));
  return { order, winner: bids[0]!.label, ranked: bids.map((q) => ({ label: q.label, value: q.text })) };
}

/**
 * 最优价: k drawn from the factors; drop the single highest and single lowest bid and average the rest
 * (m bids summing to S); reference = S/m × k/100. A bid b's distance is |b − S·k/(100m)|, compared
 * exactly as the integer |b·100m − S·k|. Closest wins; a tie goes to the lower bid, then the draw order.
 */
async function bestPrice(
  rule: DrawRule,
  pool: PoolMember[],
  order: string[],
  byOrder: ByOrder,
  randomness: string,
  poolHash: string,
): Promise<Outcome> {
  const bids = bidsOf(rule, pool);
  if (bids.length === 1 && !rule.fiscal)
    return { order, winner: bids[0]!.label, ranked: [{ label: bids[0]!.label, value: bids[0]!.text }] };
  if (bids.length < Math.max(3, rule.minimumPool)) return tooFewBids(rule, order, bids.length);
  const factor = await drawFactor(randomness, poolHash, rule.factors ?? []);
  const units = bids.map((q) => q.units);
  const highest = units.reduce((a, b) => (b > a ? b : a));
  const lowest = units.reduce((a, b) => (b < a ? b : a));
  const sum = units.reduce((a, b) => a + b, 0n) - highest - lowest;
  const m = BigInt(bids.length - 2);
  const k = BigInt(factor);
  const target = sum * k; // the reference × 100m
  const scaled = bids.map((q) => ({ q, distance: abs(q.units * 100n * m - target) }));
  scaled.sort((a, b) =>
    a.distance !== b.distance
      ? a.distance < b.distance
        ? -1
        : 1
      : a.q.units !== b.q.units
        ? a.q.units < b.q.units
          ? -1
          : 1
        : byOrder(a.q.label, b.q.label),
  );
  const scale = bids[0]!.scale;
  const places = rule.quoteKind === 'amount' ? 0 : 4;
  return {
    order,
    winner: scaled[0]!.q.label,
    factor,
    reference: decimalText(target, 100n * m, scale, places),
    ranked: scaled.map(({ q, distance }) => ({ label: q.label, value: q.text, distance: decimalText(distance, 100n * m, scale, places) })),
  };
}

/**
 * 信用择优: the long list is the longListSize highest credit scores (agencies tied with the last score
 * taken come too); the short list is the first shortListSize of the long list in draw order; the owner
 * picks the winner from it.
 */
function creditFirst(rule: DrawRule, pool: PoolMember[], order: string[], byOrder: ByOrder): Outcome {
  if (pool.length < rule.minimumPool) return failed(order, 'pool_too_small', poolDetail(rule, pool.length));
  const scoreOf = (m: PoolMember) => (typeof m.score === 'number' && Number.isFinite(m.score) ? m.score : Number.NEGATIVE_INFINITY);
  const ranked = [...pool].sort((a, b) => scoreOf(b) - scoreOf(a) || byOrder(a.label, b.label));
  const longSize = rule.longListSize ?? DEFAULT_LONG_LIST;
  const cutoff = ranked.length > longSize ? scoreOf(ranked[longSize - 1]!) : Number.NEGATIVE_INFINITY;
  const longList = ranked.filter((m) => scoreOf(m) >= cutoff).map((m) => m.label);
  const shortlist = [...longList].sort(byOrder).slice(0, rule.shortListSize ?? DEFAULT_SHORT_LIST);
  return {
    order,
    winner: null,
    longList,
    shortlist,
    ranked: ranked.map((m) => ({ label: m.label, value: m.score === undefined ? 'unscored' : String(m.score) })),
  };
}
