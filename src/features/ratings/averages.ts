/**
 * Exact averages of ratings (domain §8: systems that throw on repeating decimals, or drift in floating
 * point, get this wrong). Every average is a quotient of integer sums, rounded half-up to two places
 * with integer arithmetic only, and shown as a decimal string; nothing counted gives null, never a
 * division by zero.
 */
import { exactMean } from '../../lib/money.js';

export const DIMENSIONS = ['quality', 'timeliness', 'attitude', 'fee', 'conduct'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export type Scores = Record<Dimension, number>;

/** The overall score of one rating: the mean of its five dimensions. */
export function overallOf(s: Scores): string {
  return exactMean(totalOf(s), DIMENSIONS.length)!;
}

export const totalOf = (s: Scores) => DIMENSIONS.reduce((acc, d) => acc + s[d], 0);

export type Totals = { count: number } & Record<`${Dimension}_sum`, number>;

export type RatingSummary = {
  count: number;
  /** The mean of the counted ratings' overall scores (= all their points over 5 × count). */
  average: string | null;
  dimensions: Record<Dimension, string | null>;
};

/** The summary shown for an agency, from its counted totals (or none). */
export function summaryOf(totals: Totals | undefined): RatingSummary {
  const count = totals?.count ?? 0;
  const sumOf = (d: Dimension) => totals?.[`${d}_sum`] ?? 0;
  const all = DIMENSIONS.reduce((acc, d) => acc + sumOf(d), 0);
  return {
    count,
    average: exactMean(all, DIMENSIONS.length * count),
    dimensions: Object.fromEntries(DIMENSIONS.map((d) => [d, exactMean(sumOf(d), count)])) as Record<Dimension, string | null>,
  };
}
