import type { Db } from '../../db/types.js';
import { publicOffer } from '../../disclosure/index.js';

/**
 * The services and fees each agency publishes, for many agencies at once (the directory page shows every
 * service of each row): one statement, in the catalogue's order, through the disclosure module. Every
 * code asked for gets a list (empty when it is no agency).
 */
export async function publicOffersOf(db: Db, usccs: readonly string[]) {
  const codes = [...new Set(usccs)];
  const out = new Map(codes.map((code) => [code, [] as ReturnType<typeof publicOffer>[]]));
  if (!codes.length) return out;
  const rows = await db
    .selectFrom('market.offers as o')
    .innerJoin('credit.subjects as s', 's.id', 'o.subject_id')
    .innerJoin('market.services as sv', 'sv.code', 'o.service')
    .select([
      's.uscc',
      'o.service',
      'sv.name as service_name',
      'o.fee_kind',
      'o.fee_basis',
      'o.fee_min_fen',
      'o.fee_max_fen',
      'o.discount_rate',
      'o.unit',
    ])
    .where('s.uscc', 'in', codes)
    .orderBy('s.uscc')
    .orderBy('sv.sort')
    .execute();
  for (const r of rows)
    out.get(r.uscc)?.push(
      publicOffer({
        service: r.service,
        serviceName: r.service_name,
        feeKind: r.fee_kind,
        feeBasis: r.fee_basis,
        feeMinFen: r.fee_min_fen,
        feeMaxFen: r.fee_max_fen,
        discountRate: r.discount_rate,
        unit: r.unit,
      }),
    );
  return out;
}
