import { maskPersonalData } from './masking.js';

/**
 * The 中介超市's agencies as the public sees them (domain §8, §11): an agency publishes its
 * qualifications, services and fees, service area, staff count and its business contact (业务联系人:
 * the name, telephone and e-mail it gives for customers, which the 超市 exists to publish). Every
 * free text passes maskPersonalData, so an ID or a private number typed into an introduction, a fee
 * basis or a suspension's detail does not leave; the contact fields are shown as given, and nothing
 * else of a person is.
 */
const m = maskPersonalData;

export type OfferFacts = {
  service: string;
  serviceName: string;
  feeKind: string;
  feeBasis: string;
  feeMinFen: string | null;
  feeMaxFen: string | null;
  discountRate: string | null;
  unit: string;
};

export function publicOffer(o: OfferFacts) {
  return {
    service: o.service,
    serviceName: o.serviceName,
    feeKind: o.feeKind,
    feeBasis: m(o.feeBasis),
    feeMinFen: o.feeMinFen,
    feeMaxFen: o.feeMaxFen,
    discountRate: o.discountRate,
    unit: m(o.unit),
  };
}

export function publicQualification(q: { name: string; level: string; certificateNo: string; validUntil: string }, today: string) {
  return { name: m(q.name), level: m(q.level), certificateNo: m(q.certificateNo), validUntil: q.validUntil, valid: q.validUntil >= today };
}

export function publicContact(c: { name: string; phone: string; email: string | null }) {
  return { name: m(c.name), phone: c.phone, email: c.email };
}

export type SuspensionFacts = {
  id: string;
  uscc: string;
  name: string;
  reason: 'complaints' | 'discipline' | 'fraud';
  detail: string;
  startsOn: string;
  endsOn: string | null;
  liftedOn: string | null;
  liftReason: string | null;
};

/** A suspension as published: why and for how long; who decided stays in the audit log. */
export function suspensionDisclosure(s: SuspensionFacts) {
  return {
    id: s.id,
    uscc: s.uscc,
    name: m(s.name),
    reason: s.reason,
    detail: m(s.detail),
    startsOn: s.startsOn,
    endsOn: s.endsOn,
    liftedOn: s.liftedOn,
    liftReason: s.liftReason === null ? null : m(s.liftReason),
  };
}

/** An admission as the platform may follow it: who entered the 超市, when, offering what, where. */
export function admissionDisclosure(a: { uscc: string; name: string; admittedOn: string; services: string[]; regions: string[] }) {
  return { uscc: a.uscc, name: m(a.name), admittedOn: a.admittedOn, services: a.services, regions: a.regions };
}

/** Free text of a public agency view (an introduction, an exclusion's detail). */
export const agencyText = (value: string) => m(value);

/**
 * A 中介 score as the public sees it: counted over public facts only (features/agencies/scoring.ts),
 * and every explanation line's text masked like any other free text that leaves.
 */
export function publicAgencyScore<L extends { reason: string }, T extends { lines: L[] }>(score: T): T {
  return { ...score, lines: score.lines.map((l) => ({ ...l, reason: m(l.reason) })) };
}
