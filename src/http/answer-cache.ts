import { LRUCache } from 'lru-cache';

/**
 * Answers kept by their validator: a body is served again only after the database confirmed, in the
 * same request, that the ETag it was made under is still the current one (one index lookup instead of
 * building the answer). So it is as fresh as building it anew; what it saves is the work, not the
 * round trip. Bounded by size; 0 MB turns it off.
 */
export type KeptAnswer = { etag: string; body: string /** When it was made (ms since the epoch, the app's clock). */; madeAt: number };

export type AnswerCache = {
  get(key: string): KeptAnswer | undefined;
  set(key: string, answer: KeptAnswer): void;
};

export function createAnswerCache(megabytes: number): AnswerCache {
  if (megabytes === 0) return { get: () => undefined, set: () => {} };
  const cache = new LRUCache<string, KeptAnswer>({
    maxSize: megabytes * 1024 * 1024,
    sizeCalculation: (answer, key) => answer.body.length * 2 + answer.etag.length * 2 + key.length * 2 + 64,
  });
  return { get: (key) => cache.get(key), set: (key, answer) => cache.set(key, answer) };
}
