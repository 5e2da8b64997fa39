import { completeUscc, USCC_ALPHABET } from '../lib/uscc.js';

/**
 * The n-th synthetic USCC of a benchmark: a valid code whose organisation part starts with a
 * two-letter marker (`BQ` subjects, `BM` agencies) that no real company's code has, so benchmark
 * data can never be mistaken for a real registration.
 */
export function syntheticUscc(marker: string, n: number): string {
  let body = '';
  let v = n;
  for (let i = 0; i < 6; i++) {
    body = USCC_ALPHABET[v % 31]! + body;
    v = Math.floor(v / 31);
  }
  return completeUscc('91210100', `${marker}${body}`);
}
