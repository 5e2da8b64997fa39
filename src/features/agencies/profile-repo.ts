import type { Db, Trx } from '../../db/types.js';
import type { ApplyInput } from './schemas.js';
import type { AgencyRef } from './types.js';

/** Reads and writes of an agency's own rows (market.agencies, its qualifications and offers). */

/** The agency with this code, whatever its state (an intermediary that never applied: undefined). */
export async function findAgency(db: Db | Trx, uscc: string): Promise<AgencyRef | undefined> {
  const row = await db
    .selectFrom('market.agencies as a')
    .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
    .select(['a.subject_id', 's.uscc', 's.name', 'a.state'])
    .where('s.uscc', '=', uscc)
    .executeTakeFirst();
  return row && { subjectId: row.subject_id, uscc: row.uscc, name: row.name, state: row.state };
}

export function agencyRow(db: Db | Trx, uscc: string) {
  return db
    .selectFrom('market.agencies as a')
    .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
    .selectAll('a')
    .select(['s.uscc', 's.name', 's.kind'])
    .where('s.uscc', '=', uscc);
}

export type AgencyRow = NonNullable<Awaited<ReturnType<ReturnType<typeof agencyRow>['executeTakeFirst']>>>;

/** Locks the agency row for a change of state or profile. */
export function lockAgency(trx: Trx, uscc: string) {
  return agencyRow(trx, uscc).forUpdate('a').executeTakeFirst();
}

/** Replaces the qualifications and offers of an agency with the ones given (a profile is edited whole). */
export async function writeListings(trx: Trx, subjectId: string, input: Pick<ApplyInput, 'qualifications' | 'offers'>) {
  await trx.deleteFrom('market.qualifications').where('subject_id', '=', subjectId).execute();
  await trx.deleteFrom('market.offers').where('subject_id', '=', subjectId).execute();
  if (input.qualifications.length) {
    await trx
      .insertInto('market.qualifications')
      .values(
        input.qualifications.map((q) => ({
          subject_id: subjectId,
          name: q.name,
          level: q.level,
          certificate_no: q.certificateNo,
          valid_until: q.validUntil,
        })),
      )
      .execute();
  }
  await trx
    .insertInto('market.offers')
    .values(
      input.offers.map((o) => ({
        subject_id: subjectId,
        service: o.service,
        fee_kind: o.feeKind,
        fee_basis: o.feeBasis,
        fee_min_fen: o.feeKind === 'discount' ? null : o.feeMinFen!,
        fee_max_fen: o.feeKind === 'discount' ? null : (o.feeMaxFen ?? o.feeMinFen!),
        discount_rate: o.discountRate ?? null,
        unit: o.unit,
      })),
    )
    .execute();
}

/** The columns of an offer and its service's name, as every read of offers selects them (`o` offers, `sv` services). */
export const OFFER_COLUMNS = [
  'o.service',
  'sv.name as service_name',
  'o.fee_kind',
  'o.fee_basis',
  'o.fee_min_fen',
  'o.fee_max_fen',
  'o.discount_rate',
  'o.unit',
] as const;

/** Offers with their service's name; callers add the filter and the order. */
export function offersQuery(db: Db | Trx) {
  return db.selectFrom('market.offers as o').innerJoin('market.services as sv', 'sv.code', 'o.service').select(OFFER_COLUMNS);
}

type OfferRow = Awaited<ReturnType<ReturnType<typeof offersQuery>['execute']>>[number];

/** An offer row (OFFER_COLUMNS) as the agency's facts; public reads pass it through `publicOffer`. */
export function offerOf(o: OfferRow) {
  return {
    service: o.service,
    serviceName: o.service_name,
    feeKind: o.fee_kind,
    feeBasis: o.fee_basis,
    feeMinFen: o.fee_min_fen,
    feeMaxFen: o.fee_max_fen,
    discountRate: o.discount_rate,
    unit: o.unit,
  };
}

export async function listingsOf(db: Db | Trx, subjectId: string) {
  const [qualifications, offers] = await Promise.all([
    db
      .selectFrom('market.qualifications')
      .select(['name', 'level', 'certificate_no', 'valid_until'])
      .where('subject_id', '=', subjectId)
      .orderBy('name')
      .orderBy('certificate_no')
      .execute(),
    offersQuery(db).where('o.subject_id', '=', subjectId).orderBy('sv.sort').execute(),
  ]);
  return {
    qualifications: qualifications.map((q) => ({
      name: q.name,
      level: q.level,
      certificateNo: q.certificate_no,
      validUntil: q.valid_until,
    })),
    offers: offers.map(offerOf),
  };
}

/** The service codes of the catalogue among these; an unknown one is a 400 naming the offer. */
export async function knownServices(db: Db | Trx, codes: string[]) {
  const rows = await db.selectFrom('market.services').select('code').where('code', 'in', codes).execute();
  return new Set(rows.map((r) => r.code));
}

export function listServices(db: Db) {
  return db.selectFrom('market.services').select(['code', 'name', 'description']).orderBy('sort').execute();
}
