import type { PoolMember, QuoteKind } from './types.js';

/**
 * Bids as exact numbers: a fen amount is an integer; a discount rate like "0.8500" is an integer count
 * of 10^-scale units. Decisions compare these as bigints, never as floats.
 */
export type Quote = { label: string; text: string; units: bigint; scale: number };

const FEN = /^(?:0|[1-9]\d*)$/;
const RATE = /^\d+(?:\.\d+)?$/;

/** The member's bid if it is a well-formed positive quote of the announcement's kind (and only of that kind). */
export function quoteOf(member: PoolMember, kind: QuoteKind): Quote | null {
  const bid = member.bid;
  if (!bid) return null;
  const text = kind === 'amount' ? bid.amountFen : bid.discountRate;
  const other = kind === 'amount' ? bid.discountRate : bid.amountFen;
  if (text === undefined || other !== undefined) return null;
  if (!(kind === 'amount' ? FEN : RATE).test(text)) return null;
  const [whole, fraction = ''] = text.split('.');
  const units = BigInt(`${whole}${fraction}`);
  return units > 0n ? { label: member.label, text, units, scale: fraction.length } : null;
}

/** All quotes brought to one scale, so their units compare directly. */
export function toCommonScale(quotes: Quote[]): { quotes: Quote[]; scale: number } {
  const scale = Math.max(0, ...quotes.map((q) => q.scale));
  return { scale, quotes: quotes.map((q) => ({ ...q, units: q.units * 10n ** BigInt(scale - q.scale), scale })) };
}

/**
 * numerator/denominator (units at `scale`) as a decimal string with `places` decimals, rounded half-up.
 * Only for presentation: nothing is decided on the rounded value.
 */
export function decimalText(numerator: bigint, denominator: bigint, scale: number, places: number): string {
  const num = numerator * 10n ** BigInt(places);
  const den = denominator * 10n ** BigInt(scale);
  const rounded = (2n * num + den) / (2n * den);
  if (places === 0) return rounded.toString();
  const digits = rounded.toString().padStart(places + 1, '0');
  return `${digits.slice(0, -places)}.${digits.slice(-places)}`;
}

export const abs = (n: bigint) => (n < 0n ? -n : n);
