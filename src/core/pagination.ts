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
  throw new DomainError('VALIDATION', 'cursor: not a cursor this API returned', {
    errors: [{ path: 'cursor', message: 'invalid cursor' }],
  });
}

/** Takes limit+1 rows, returns a page with the cursor of its last item when there is more. */
export function toPage<T extends { id: string }, U>(rows: T[], limit: number, map: (row: T) => U) {
  const more = rows.length > limit;
  const items = more ? rows.slice(0, limit) : rows;
  return { items: items.map(map), nextCursor: more ? encodeCursor(items[items.length - 1]!.id) : null };
}
