/**
 * Conditional GET (RFC 9110 §13.1.2): does If-None-Match name the current ETag? Weak comparison, as
 * the RFC prescribes for If-None-Match: `W/"x"` and `"x"` match each other; `*` matches anything.
 */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  const current = opaque(etag);
  return header.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === current);
}

/**
 * Answers that may be stored but must be revalidated on every use: a client or proxy keeps the body
 * and asks again with If-None-Match, so what it shows is current to the second it asks.
 */
export const REVALIDATE_EVERY_TIME = 'public, no-cache';
