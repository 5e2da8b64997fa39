import { isValid } from 'ulidx';
import { describe, expect, it } from 'vitest';
import { hasIdKind, newId, pooledRandom } from '../../src/lib/ids.js';

/** Ids are valid ULIDs, unique, ordered by creation, and their random part is spread over every symbol. */
describe('newId', () => {
  it('gives unique, valid, time-ordered ids, also many within one millisecond', () => {
    const now = new Date('2026-12-03T12:00:00Z');
    const ids = Array.from({ length: 20_000 }, () => newId('request', now));
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    for (const id of ids.slice(0, 100)) {
      expect(hasIdKind(id, 'request')).toBe(true);
      expect(isValid(id.slice(4))).toBe(true);
    }
  });

  it('draws its randomness evenly over the 32 symbols a ULID character can take', () => {
    const buckets = new Array<number>(32).fill(0);
    const n = 320_000;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const r = pooledRandom();
      if (!(r >= 0 && r < 1)) outside += 1;
      else buckets[Math.floor(r * 32)]! += 1;
    }
    expect(outside).toBe(0);
    for (const [symbol, count] of buckets.entries()) expect(Math.abs(count - n / 32) / (n / 32), `symbol ${symbol}`).toBeLessThan(0.05);
  });
});
