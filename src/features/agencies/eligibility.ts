import { sql } from 'kysely';
import type { Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { blackEntriesActiveAmong, seriousRecordsInEffectAmong } from '../credit-rules/index.js';
import type { Criteria, Exclusion, Judgement } from './types.js';

/**
 * Whether agencies may be chosen on a day (domain §8): admitted, not on an active black list, no 严重
 * record in effect, not suspended; and, against an announcement's criteria, offering the service,
 * qualified (valid on the day), covering the region, with enough staff, and not avoided. Restrictions
 * are read live from the credit side for the day asked, so an exited black entry frees the agency at
 * once. Every exclusion names the facts it rested on, so an objection can target one.
 */

/** A code covers itself; a city code (xxxx00) its city; a province code (xx0000) its province. */
export function regionCovers(regions: string[], region: string): boolean {
  return regionKeys(region).some((key) => regions.includes(key));
}

/** The codes whose presence in an agency's regions covers `region`: itself, its city, its province. */
export function regionKeys(region: string): string[] {
  return [...new Set([region, `${region.slice(0, 4)}00`, `${region.slice(0, 2)}0000`])];
}

/** Suspensions in force on a day: begun, not past their last day, not lifted by then. */
export function suspensionsActiveAmong(db: Db | Trx, subjectIds: string[], on: IsoDate) {
  if (!subjectIds.length) return Promise.resolve([]);
  return db
    .selectFrom('market.suspensions')
    .select(['id', 'subject_id', 'reason', 'detail', 'starts_on', 'ends_on'])
    .where('subject_id', 'in', subjectIds)
    .where('starts_on', '<=', on)
    .where((eb) => eb.or([eb('ends_on', 'is', null), eb('ends_on', '>=', on)]))
    .where((eb) => eb.or([eb('lifted_on', 'is', null), eb('lifted_on', '>', on)]))
    .orderBy('starts_on')
    .orderBy('id')
    .execute();
}

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

/** The standing of each subject asked (in the order asked); criteria null judges general selectability (the directory). */
export async function judgeAgencies(db: Db | Trx, subjectIds: string[], criteria: Criteria | null, on: IsoDate): Promise<Judgement[]> {
  const ids = [...new Set(subjectIds)];
  if (!ids.length) return [];
  const subjects = await db
    .selectFrom('credit.subjects as s')
    .leftJoin('market.agencies as a', 'a.subject_id', 's.id')
    .select(['s.id', 's.uscc', 's.name', 'a.state', 'a.staff_count', 'a.regions'])
    .where('s.id', 'in', ids)
    .execute();
  const [black, serious, suspended, qualifications, offers] = await Promise.all([
    blackEntriesActiveAmong(db, ids, on),
    seriousRecordsInEffectAmong(db, ids, on),
    suspensionsActiveAmong(db, ids, on),
    criteria?.qualifications.length
      ? db
          .selectFrom('market.qualifications')
          .select(['subject_id', 'name', 'certificate_no', 'valid_until'])
          .where('subject_id', 'in', ids)
          .where('name', 'in', criteria.qualifications)
          .execute()
      : Promise.resolve([]),
    criteria
      ? db
          .selectFrom('market.offers')
          .select(['subject_id', sql<number>`1`.as('one')])
          .where('subject_id', 'in', ids)
          .where('service', '=', criteria.service)
          .execute()
      : Promise.resolve([]),
  ]);
  const byId = new Map(subjects.map((s) => [s.id, s]));
  const blackOf = groupBy(black, (e) => e.subject_id);
  const seriousOf = groupBy(serious, (r) => r.subject_id);
  const suspendedOf = groupBy(suspended, (s) => s.subject_id);
  const qualsOf = groupBy(qualifications, (q) => q.subject_id);
  const offering = new Set(offers.map((o) => o.subject_id));
  const judged: Judgement[] = [];
  for (const id of subjectIds) {
    const s = byId.get(id);
    if (!s) continue;
    const exclusions: Exclusion[] = [];
    if (s.state !== 'admitted') {
      exclusions.push({
        code: 'not_admitted',
        detail: s.state ? `the agency's 超市 admission is ${s.state}` : 'the subject has not joined the 超市',
        basis: { state: s.state ?? null },
      });
    }
    const entries = blackOf.get(id) ?? [];
    if (entries.length) {
      exclusions.push({
        code: 'black_listed',
        detail: `on an active black list entry (${entries.map((e) => `${e.document_no}, published ${e.published_on}, valid until ${e.valid_until}`).join('; ')})`,
        basis: { entryIds: entries.map((e) => e.id), documentNos: entries.map((e) => e.document_no) },
      });
    }
    const records = seriousOf.get(id) ?? [];
    if (records.length) {
      exclusions.push({
        code: 'serious_record',
        detail: `a serious (严重) dishonesty record in effect (${records.map((r) => `${r.document_no}, decided ${r.decided_on}`).join('; ')})`,
        basis: { recordIds: records.map((r) => r.id), documentNos: records.map((r) => r.document_no) },
      });
    }
    for (const sus of suspendedOf.get(id) ?? []) {
      exclusions.push({
        code: 'suspended',
        detail: `suspended from the 超市 (${sus.reason}) since ${sus.starts_on}${sus.ends_on ? ` until ${sus.ends_on}` : ' until lifted'}`,
        basis: { suspensionId: sus.id, reason: sus.reason, startsOn: sus.starts_on, endsOn: sus.ends_on },
      });
    }
    if (criteria && s.state) exclusions.push(...againstCriteria(s, criteria, offering.has(id), qualsOf.get(id) ?? [], on));
    judged.push({ subjectId: id, uscc: s.uscc, name: s.name, eligible: exclusions.length === 0, exclusions });
  }
  return judged;
}

type Qual = { name: string; certificate_no: string; valid_until: string };

function againstCriteria(
  s: { uscc: string; staff_count: number | null; regions: string[] | null },
  criteria: Criteria,
  offers: boolean,
  quals: Qual[],
  on: IsoDate,
): Exclusion[] {
  const out: Exclusion[] = [];
  if (!offers)
    out.push({ code: 'service_not_offered', detail: `does not offer ${criteria.service}`, basis: { service: criteria.service } });
  out.push(...qualificationExclusions(criteria, quals, on));
  if (!regionCovers(s.regions ?? [], criteria.region)) {
    out.push({
      code: 'region_not_covered',
      detail: `its service area (${(s.regions ?? []).join(', ')}) does not cover ${criteria.region}`,
      basis: { region: criteria.region, regions: s.regions ?? [] },
    });
  }
  const staff = s.staff_count ?? 0;
  if (staff < criteria.minStaff) {
    out.push({
      code: 'staff_below_minimum',
      detail: `${staff} licensed staff, ${criteria.minStaff} required`,
      basis: { staffCount: staff, minStaff: criteria.minStaff },
    });
  }
  const avoided = criteria.avoid.find((a) => a.uscc === s.uscc);
  if (avoided)
    out.push({ code: 'avoided', detail: `avoided by the announcement (回避): ${avoided.reason}`, basis: { reason: avoided.reason } });
  return out;
}

/** any: one required qualification valid on the day suffices; all: each one must be held and valid. */
function qualificationExclusions(criteria: Criteria, quals: Qual[], on: IsoDate): Exclusion[] {
  const required = [...new Set(criteria.qualifications)];
  if (!required.length) return [];
  const held = (name: string) => quals.filter((q) => q.name === name);
  const validFor = (name: string) => held(name).some((q) => q.valid_until >= on);
  const expired = quals.filter((q) => required.includes(q.name) && q.valid_until < on);
  const expiredExclusion = (names: string[]): Exclusion => {
    const certs = expired.filter((q) => names.includes(q.name));
    return {
      code: 'qualification_expired',
      detail: `expired before ${on}: ${certs.map((q) => `${q.name} ${q.certificate_no} (valid until ${q.valid_until})`).join('; ')}`,
      basis: { certificateNos: certs.map((q) => q.certificate_no), names },
    };
  };
  if (criteria.qualificationMatch === 'any') {
    if (required.some(validFor)) return [];
    if (expired.length) return [expiredExclusion(required)];
    return [{ code: 'qualification_missing', detail: `holds none of: ${required.join(', ')}`, basis: { names: required } }];
  }
  const out: Exclusion[] = [];
  const missing = required.filter((n) => !held(n).length);
  const lapsed = required.filter((n) => held(n).length && !validFor(n));
  if (missing.length)
    out.push({ code: 'qualification_missing', detail: `does not hold: ${missing.join(', ')}`, basis: { names: missing } });
  if (lapsed.length) out.push(expiredExclusion(lapsed));
  return out;
}
