import { z } from 'zod';
import { SourceCommitmentSchema } from '../lib/draw/schema.js';

/**
 * The payload schemas of the 中介超市's events (named in catalogue.ts, built by the disclosure module):
 * kept here so the catalogue stays one readable page.
 */
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const nullableDate = date.nullable();

// ── 中介超市: agencies (payloads from disclosure/agencies.ts) ──
export const agencyAdmitted = z
  .object({ uscc: z.string(), name: z.string(), admittedOn: date, services: z.array(z.string()), regions: z.array(z.string()) })
  .strict();
export const agencySuspension = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    reason: z.enum(['complaints', 'discipline', 'fraud']),
    detail: z.string(),
    startsOn: date,
    endsOn: nullableDate,
    liftedOn: nullableDate,
    liftReason: z.string().nullable(),
  })
  .strict();

// ── 中介超市: announcements and selections (payloads from disclosure/announcements.ts) ──
export const announcementCancelled = z
  .object({
    id: z.string(),
    projectCode: z.string(),
    projectName: z.string(),
    state: z.literal('cancelled'),
    reason: z.string(),
    cancelledAt: z.string(),
  })
  .strict();

export const announcementPublished = z
  .object({
    id: z.string(),
    projectCode: z.string(),
    projectName: z.string(),
    ownerName: z.string(),
    service: z.string(),
    region: z.string(),
    fiscal: z.boolean(),
    mode: z.string(),
    quoteKind: z.enum(['amount', 'discount']),
    signupDeadline: z.string(),
    selectionAt: z.string(),
    publishedAt: z.string(),
    ruleHash: z.string().nullable(),
    source: SourceCommitmentSchema.nullable(),
  })
  .strict();
export const marketSelection = z
  .object({
    id: z.string(),
    announcementId: z.string(),
    mode: z.string(),
    state: z.string(),
    poolHash: z.string().nullable(),
    poolFixedAt: z.string().nullable(),
    order: z.array(z.string()),
    shortlist: z.array(z.string()),
    winner: z.object({ uscc: z.string(), name: z.string() }).strict().nullable(),
    failure: z.object({ code: z.string(), detail: z.string() }).strict().nullable(),
    publicityEndsOn: nullableDate,
    changes: z.array(
      z
        .object({
          droppedUscc: z.string(),
          nextUscc: z.string().nullable(),
          reason: z.object({ code: z.string(), detail: z.string() }).strict(),
          at: z.string(),
        })
        .strict(),
    ),
  })
  .strict();

// ── 中介超市: ratings and reports (payloads from disclosure/ratings.ts; a reporter's contact is never in one) ──
const ratingScore = z.number().int().min(1).max(5);
export const ratingGiven = z
  .object({
    id: z.string(),
    selectionId: z.string(),
    announcementId: z.string(),
    agencyUscc: z.string(),
    agencyName: z.string(),
    ownerName: z.string(),
    quality: ratingScore,
    timeliness: ratingScore,
    attitude: ratingScore,
    fee: ratingScore,
    conduct: ratingScore,
    overall: z.string().regex(/^\d\.\d{2}$/),
    comment: z.string(),
    ratedOn: date,
    setAside: z.boolean(),
  })
  .strict();
/** The agency's objection to a rating was upheld: the rating is set aside (kept, shown so, no longer counted). */
export const ratingObjectionUpheld = z
  .object({ objectionId: z.string(), ratingId: z.string(), agencyUscc: z.string(), setAside: z.literal(true), setAsideOn: date })
  .strict();
export const reportVerified = z
  .object({ id: z.string(), agencyUscc: z.string(), recordId: z.string(), department: z.string(), decidedOn: date })
  .strict();
