/**
 * Money is integer fen in bigint; rates are exact decimals. Nothing here touches a float.
 */
export function parseFen(value: string | number): bigint {
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new Error('not a safe integer number of fen');
    return BigInt(value);
  }
  if (!/^-?\d{1,19}$/.test(value)) throw new Error('not an integer number of fen');
  return BigInt(value);
}

/** A decimal percentage string ("3.6", "3.10") as an integer count of millionths of a percent. */
export function percentToMicro(text: string): bigint {
  const m = /^(\d{1,3})(?:\.(\d{1,6}))?$/.exec(text.trim());
  if (!m) throw new Error(`not a decimal percentage: ${text}`);
  return BigInt(m[1]!) * 1_000_000n + BigInt((m[2] ?? '').padEnd(6, '0'));
}

/** Millionths of a percent as "3.00%" (two decimals, half-up), the form rates are named in. */
export function microToPercent(micro: bigint, decimals = 2): string {
  const scale = 10n ** BigInt(6 - decimals);
  const rounded = (micro + scale / 2n) / scale;
  const unit = 10n ** BigInt(decimals);
  return `${rounded / unit}.${String(rounded % unit).padStart(decimals, '0')}%`;
}

/** num/den rounded half-up to an integer (num, den ≥ 0). */
export function roundHalfUp(num: bigint, den: bigint): bigint {
  return (num * 2n + den) / (den * 2n);
}

/**
 * sum / divisor to two decimal places, half-up ("3.67" for 11/3, "2.68" for 107/40), as a string: an
 * average of integers that never drifts in floating point and never throws on a repeating decimal.
 * Nothing counted (divisor 0) gives null.
 */
export function exactMean(sum: number | bigint, divisor: number | bigint): string | null {
  const d = BigInt(divisor);
  if (d === 0n) return null;
  const n = BigInt(sum);
  if (d < 0n || n < 0n) throw new RangeError('a mean of negative numbers or over a negative count');
  const hundredths = roundHalfUp(n * 100n, d);
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}

/** num/den as a decimal string with a fixed number of places (truncated), for showing working. */
export function decimalString(num: bigint, den: bigint, places = 4): string {
  const scale = 10n ** BigInt(places);
  const scaled = (num * scale) / den;
  return `${scaled / scale}.${String(scaled % scale).padStart(places, '0')}`;
}
