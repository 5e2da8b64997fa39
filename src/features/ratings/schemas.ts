import { z } from '@hono/zod-openapi';
import { pageSchema } from '../../http/pagination.js';
import { plainText, text } from '../../http/schemas.js';

const score = (name: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(5)
    .openapi({ description: `${name}: 1 (worst) to 5 (best)` });

export const RatingBody = z
  .object({
    quality: score('质量 quality'),
    timeliness: score('时效 timeliness'),
    attitude: score('态度 attitude'),
    fee: score('收费 fees'),
    conduct: score('规范 conduct'),
    comment: z
      .string()
      .trim()
      .max(500)
      .refine(...plainText)
      .default('')
      .openapi({ description: 'Public: the agency and everyone read it (personal data in it is masked)' }),
  })
  .strict()
  .openapi('RatingInput');
export type RatingInput = z.infer<typeof RatingBody>;

const decimal = z.string().regex(/^\d+\.\d{2}$/);
const dimensionFields = {
  quality: z.number().int(),
  timeliness: z.number().int(),
  attitude: z.number().int(),
  fee: z.number().int(),
  conduct: z.number().int(),
};

/** A rating as its owner gives it and the agency sees it. */
export const Rating = z
  .object({
    id: z.string(),
    selectionId: z.string(),
    announcementId: z.string(),
    agencyUscc: z.string(),
    agencyName: z.string(),
    ownerName: z.string(),
    ...dimensionFields,
    overall: decimal.openapi({ description: 'The mean of the five dimensions, 2 places, half-up' }),
    comment: z.string(),
    ratedOn: z.string(),
    setAside: z.boolean().openapi({ description: 'An upheld objection set it aside: kept and shown, no longer counted' }),
  })
  .openapi('Rating');
export type RatingView = z.infer<typeof Rating>;

/** The owner's view of one selection's rating: the rating given, if any, and the 180-day window. */
export const SelectionRating = z
  .object({
    rating: Rating.nullable().openapi({ description: 'The rating the owner gave; null: none given yet' }),
    completedOn: z
      .string()
      .nullable()
      .openapi({ description: 'The day the service was completed (not counted); null: not completed, nothing to rate yet' }),
    lastDay: z.string().nullable().openapi({
      description:
        'The last day a rating is taken: 180 days after completion, moved to the next working day when it falls on a rest day (domain §2b); null before completion',
    }),
  })
  .openapi('SelectionRating');

export const RatingSummary = z
  .object({
    count: z.number().int().openapi({ description: 'Ratings counted (not set aside)' }),
    average: decimal.nullable().openapi({ description: 'The mean overall score, exact to 2 places half-up; null when none' }),
    dimensions: z.object({
      quality: decimal.nullable(),
      timeliness: decimal.nullable(),
      attitude: decimal.nullable(),
      fee: decimal.nullable(),
      conduct: decimal.nullable(),
    }),
  })
  .openapi('RatingSummary');

export const PublicRating = z
  .object({
    id: z.string(),
    ownerName: z.string(),
    ...dimensionFields,
    overall: decimal,
    comment: z.string(),
    ratedOn: z.string(),
    setAside: z.boolean(),
  })
  .openapi('PublicRating');

export const AgencyRatingsPage = pageSchema(PublicRating)
  .extend({ agency: z.object({ uscc: z.string(), name: z.string() }), summary: RatingSummary })
  .openapi('AgencyRatingsPage');

export const ObjectionBody = z
  .object({ reason: text(2000).openapi({ description: 'Why the rating is wrong (the operator decides)' }) })
  .strict()
  .openapi('RatingObjectionInput');

export const ObjectionDecisionBody = z
  .object({
    decision: z.enum(['upheld', 'rejected']).openapi({ description: 'upheld sets the rating aside' }),
    note: text(2000),
  })
  .strict()
  .openapi('RatingObjectionDecision');
export type ObjectionDecisionInput = z.infer<typeof ObjectionDecisionBody>;

export const RatingObjection = z
  .object({
    id: z.string(),
    ratingId: z.string(),
    agencyUscc: z.string(),
    reason: z.string(),
    state: z.enum(['filed', 'upheld', 'rejected']),
    decisionNote: z.string().nullable(),
    decidedAt: z.string().nullable(),
    filedAt: z.string(),
    ratingSetAside: z.boolean(),
  })
  .openapi('RatingObjection');
export type RatingObjectionView = z.infer<typeof RatingObjection>;

export const RatingIdParam = z.object({
  id: z
    .string()
    .regex(/^rat_[0-9A-Z]{26}$/, 'a rating id (rat_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const ObjectionIdParam = z.object({
  id: z
    .string()
    .regex(/^rob_[0-9A-Z]{26}$/, 'a rating objection id (rob_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const SelectionIdParam = z.object({
  id: z
    .string()
    .regex(/^sel_[0-9A-Z]{26}$/, 'a selection id (sel_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
