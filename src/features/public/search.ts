import type { Db } from '../../db/types.js';
import { publicSubject } from '../../disclosure/index.js';
import { searchSubjects } from '../subjects/index.js';

/**
 * The public search (no token): a substring of the name, a former name or the code, through the same
 * bigram index as the registry's own search. Each hit is only what the disclosure module lets the
 * public see of a subject; the profile (/public/subjects/{uscc}) has the rest.
 */
export async function searchPublicSubjects(db: Db, query: { q: string; limit: number; cursor?: string }) {
  const page = await searchSubjects(db, query);
  return { items: page.items.map(publicSubject), nextCursor: page.nextCursor };
}
