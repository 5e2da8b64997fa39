import type { Db } from '../../db/types.js';
import { publicOffer } from '../../disclosure/index.js';
import { offerOf, offersQuery } from './profile-repo.js';

/**
 * The services and fees each agency publishes, for many agencies at once (the directory page shows every
 * service of each row): one statement, in the catalogue's order, through the disclosure module. Every
 * code asked for gets a list (empty when it is no agency).
 */
export async function publicOffersOf(db: Db, usccs: readonly string[]) {
  const codes = [...new Set(usccs)];
  const out = new Map(codes.map((code) => [code, [] as ReturnType<typeof publicOffer>[]]));
  if (!codes.length) return out;
  const rows = await offersQuery(db)
    .innerJoin('credit.subjects as s', 's.id', 'o.subject_id')
    .select('s.uscc')
    .where('s.uscc', 'in', codes)
    .orderBy('s.uscc')
    .orderBy('sv.sort')
    .execute();
  for (const r of rows) out.get(r.uscc)?.push(publicOffer(offerOf(r)));
  return out;
}
