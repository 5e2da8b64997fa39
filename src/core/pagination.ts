import { DomainError } from './errors.js';

/** Keyset pagination over sortable ids: the cursor is the last id seen, opaque to the caller. */
export function encodeCursor(lastId: string): string {
  return btoa(JSON.stringify({ after: lastId }))
    .replace(/=+$/, '')
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  try {
    const json = atob(cursor.replace(/-/g, '+').replace(/_/g, '/'));
    const after = (JSON.parse(json) as { after?: unknown }).after;
    if (typeof after === 'string') return after;
  } catch {
    /* reported below */
  }
  throw invalidCursor();
}

const invalidCursor = () =>
  new DomainError('VALIDATION', 'cursor: not a cursor this API returned', { errors: [{ path: 'cursor', message: 'invalid cursor' }] });

/** A two-part sort key (e.g. due date and id) joined by "|", as toPageBy's keyOf built it. */
export const joinKey = (first: string, id: string) => `${first}|${id}`;

export function decodeKeyCursor(
  cursor: string | undefined,
  firstIsValid: (first: string) => boolean,
): { first: string; id: string } | undefined {
  const key = decodeCursor(cursor);
  if (key === undefined) return undefined;
  const at = key.lastIndexOf('|');
  // The first part goes into SQL as a typed value (a date …): a forged one is a 400, never a database error.
  if (at <= 0 || at === key.length - 1 || !firstIsValid(key.slice(0, at))) throw invalidCursor();
  return { first: key.slice(0, at), id: key.slice(at + 1) };
}

/** Takes limit+1 rows, returns a page with the cursor of its last item when there is more. */
export function toPage<T extends { id: string }, U>(rows: T[], limit: number, map: (row: T) => U) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(map), nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null };
}

/**
 * Like toPage, for a listing sorted by something other than the id (a due date, a time): the cursor
 * is the sort key of the last item, which the caller builds from its sort columns and parses back.
 */
export function toPageBy<T, U>(rows: T[], limit: number, keyOf: (row: T) => string, map: (row: T) => U) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(map), nextCursor: more ? encodeCursor(keyOf(items[items.length - 1]!)) : null };
}
