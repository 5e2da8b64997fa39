import type { IsoDate } from '../../lib/dates.js';

/**
 * Tracking numbers (受理编号): `JB` + the day received + 10 characters of Crockford base32 drawn from
 * the platform's cryptographic random source: 50 bits, so a number cannot be guessed from another
 * (the day alone narrows nothing). The number is the reporter's only key to the report.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RANDOM_CHARS = 10;

export function newTrackingNo(receivedOn: IsoDate): string {
  const bytes = crypto.getRandomValues(new Uint8Array(RANDOM_CHARS));
  // 256 is a multiple of 32: taking each byte modulo 32 keeps every character equally likely.
  const random = Array.from(bytes, (b) => ALPHABET[b % 32]).join('');
  return `JB${receivedOn.replaceAll('-', '')}${random}`;
}
