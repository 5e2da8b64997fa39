import { maskPersonalData } from './masking.js';

/**
 * Ratings and reports of the 中介超市 as the public sees them (domain §8, §11). A rating is public:
 * the owner organisation's name, the five scores, the overall score, the comment (personal data
 * typed into it masked). No person behind a rating is named: the owner's token subject stays in the
 * audit log. A report (举报) is never public; its reporter, holding the tracking number, sees its state
 * and the decision with its reasons and the deciding department, and never anyone's contact: these
 * functions are not even given it.
 */
const m = maskPersonalData;

export type RatingFacts = {
  id: string;
  selectionId: string;
  announcementId: string;
  agencyUscc: string;
  agencyName: string;
  ownerName: string;
  quality: number;
  timeliness: number;
  attitude: number;
  fee: number;
  conduct: number;
  overall: string;
  comment: string;
  ratedOn: string;
  setAside: boolean;
};

const scores = (r: RatingFacts) => ({
  quality: r.quality,
  timeliness: r.timeliness,
  attitude: r.attitude,
  fee: r.fee,
  conduct: r.conduct,
  overall: r.overall,
});

/** The payload of market.rating_given: the whole rating as published. */
export function ratingDisclosure(r: RatingFacts) {
  return {
    id: r.id,
    selectionId: r.selectionId,
    announcementId: r.announcementId,
    agencyUscc: r.agencyUscc,
    agencyName: m(r.agencyName),
    ownerName: m(r.ownerName),
    ...scores(r),
    comment: m(r.comment),
    ratedOn: r.ratedOn,
    setAside: r.setAside,
  };
}

/** A line of an agency's public rating list (the list names the agency once). */
export function publicRating(r: RatingFacts) {
  return { id: r.id, ownerName: m(r.ownerName), ...scores(r), comment: m(r.comment), ratedOn: r.ratedOn, setAside: r.setAside };
}

/** The payload of market.rating_objection_upheld: which rating no longer counts, and since when (not the reason or the note). */
export function ratingSetAsideDisclosure(r: { objectionId: string; ratingId: string; agencyUscc: string; setAsideOn: string }) {
  return { objectionId: r.objectionId, ratingId: r.ratingId, agencyUscc: r.agencyUscc, setAside: true as const, setAsideOn: r.setAsideOn };
}

export type ReportTrackingFacts = {
  trackingNo: string;
  agencyUscc: string;
  agencyName: string;
  state: 'received' | 'dismissed' | 'verified';
  receivedOn: string;
  decidedOn: string | null;
  reason: string | null;
  department: string | null;
  departmentName: string | null;
  /** The dishonesty record a verification made, when that record is public. */
  publicRecordId: string | null;
};

/**
 * What the holder of a tracking number learns: the state and, once decided, the decision, its reasons
 * and the deciding department (its code and name, never the person). Not the facts as reported, not
 * the contact, not a record that is not itself public.
 */
export function reportTracking(r: ReportTrackingFacts) {
  return {
    trackingNo: r.trackingNo,
    agency: { uscc: r.agencyUscc, name: m(r.agencyName) },
    state: r.state,
    receivedOn: r.receivedOn,
    decision:
      r.state === 'received'
        ? null
        : {
            outcome: r.state,
            reason: m(r.reason ?? ''),
            decidedOn: r.decidedOn!,
            department: { code: r.department!, name: r.departmentName },
            recordId: r.publicRecordId,
          },
  };
}

/** The payload of market.report_verified (internal: it moves the agency's score): no facts, no contact. */
export function reportVerifiedDisclosure(r: { id: string; agencyUscc: string; recordId: string; department: string; decidedOn: string }) {
  return { id: r.id, agencyUscc: r.agencyUscc, recordId: r.recordId, department: r.department, decidedOn: r.decidedOn };
}
