import { z } from '@hono/zod-openapi';
import { IsoDate, line, text } from '../../http/schemas.js';

/** What an agency sends to apply and to edit its profile (domain §8), validated here: the schema is the contract. */

const Fen = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})$/, 'an amount in fen as a string of digits (no sign, no decimals)')
  .openapi({ example: '1200000' });

/** A rate on the standard fee, 0 < r ≤ 1, at most 4 decimal places, as a string: compared exactly, never as a float. */
export const DiscountRate = z
  .string()
  .regex(/^(0\.\d{1,4}|1(\.0{1,4})?)$/, 'a decimal string between 0 and 1 with at most 4 places, e.g. "0.8500"')
  .refine((v) => /[1-9]/.test(v), 'a discount rate must be more than 0')
  .openapi({ example: '0.8500' });

export const Region = z
  .string()
  .regex(/^\d{6}$/, '6-digit 行政区划码')
  .openapi({ example: '210102' });

const Qualification = z
  .object({
    name: line(100).openapi({ description: '资质名称', example: '人防工程施工图设计审查' }),
    level: line(50).openapi({ description: '等级', example: '甲级' }),
    certificateNo: line(100).openapi({ description: '证书编号' }),
    validUntil: IsoDate.openapi({ description: 'Last valid day' }),
  })
  .strict();

const Offer = z
  .object({
    service: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a service code from GET /api/v1/market/services'),
    feeKind: z.enum(['fixed', 'range', 'discount']),
    feeBasis: line(500).openapi({ description: '收费依据' }),
    feeMinFen: Fen.optional(),
    feeMaxFen: Fen.optional(),
    discountRate: DiscountRate.optional(),
    unit: line(50).openapi({ description: '计费单位, e.g. 项, 平方米' }),
  })
  .strict()
  .superRefine((o, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (o.feeKind === 'discount') {
      if (!o.discountRate) issue('discountRate', 'a discount offer needs its rate');
      if (o.feeMinFen !== undefined || o.feeMaxFen !== undefined) issue('feeMinFen', 'a discount offer has a rate, not an amount');
      return;
    }
    if (o.discountRate !== undefined) issue('discountRate', 'only a discount offer has a rate');
    if (o.feeMinFen === undefined) issue('feeMinFen', `a ${o.feeKind} offer needs its amount in fen`);
    if (o.feeKind === 'range') {
      if (o.feeMaxFen === undefined) issue('feeMaxFen', 'a range needs its upper amount');
      // zod runs this even when an amount failed its own format: compare only well-formed ones.
      else if (o.feeMinFen !== undefined && Fen.safeParse(o.feeMinFen).success && Fen.safeParse(o.feeMaxFen).success) {
        if (BigInt(o.feeMaxFen) < BigInt(o.feeMinFen)) issue('feeMaxFen', 'below feeMinFen');
      }
    } else if (o.feeMaxFen !== undefined && o.feeMaxFen !== o.feeMinFen) issue('feeMaxFen', 'a fixed fee has one amount');
  });

const Contact = z
  .object({
    name: line(100).refine((v) => !/[0-9\uFF10-\uFF19@]/.test(v), 'a name has no digits and no @'),
    phone: z
      .string()
      .trim()
      .regex(/^[0-9+\-() ]{5,30}$/, 'a telephone number (digits, spaces, + - and brackets)'),
    email: z.email().max(200).optional(),
  })
  .strict()
  .openapi({ description: 'The business contact (业务联系人): published, as an agency publishes how to reach it' });

const profileFields = {
  staffCount: z.number().int().min(0).max(100_000).openapi({ description: '执业人员数' }),
  regions: z
    .array(Region)
    .min(1)
    .max(100)
    .refine((r) => new Set(r).size === r.length, 'each region once')
    .openapi({ description: 'Service area: a code covers itself, a city code (xxxx00) its city, a province code (xx0000) its province' }),
  introduction: z.string().trim().max(5000).optional(),
  contact: Contact,
  qualifications: z
    .array(Qualification)
    .max(50)
    .refine((q) => new Set(q.map((x) => x.certificateNo)).size === q.length, 'each certificate number once'),
  offers: z
    .array(Offer)
    .min(1)
    .max(50)
    .refine((o) => new Set(o.map((x) => x.service)).size === o.length, 'one offer per service'),
};

export const ApplyBody = z.object(profileFields).strict().openapi('AgencyApplication');

export const EditProfileBody = z
  .object({ ...profileFields, version: z.number().int().min(1).openapi({ description: 'The version you read: a stale one is 409' }) })
  .strict()
  .openapi('AgencyProfileEdit');

export const AdmissionBody = z
  .object({ decision: z.enum(['admit', 'refuse']), note: text(2000) })
  .strict()
  .openapi('AdmissionDecision');

export const SuspendBody = z
  .object({
    reason: z.enum(['complaints', 'discipline', 'fraud']),
    detail: text(2000),
    endsOn: IsoDate.optional().openapi({ description: 'Last day suspended; none: until lifted' }),
  })
  .strict()
  .openapi('AgencySuspension');

export const LiftBody = z
  .object({ reason: text(2000) })
  .strict()
  .openapi('SuspensionLift');

export type ApplyInput = z.infer<typeof ApplyBody>;
export type EditProfileInput = z.infer<typeof EditProfileBody>;
export type AdmissionInput = z.infer<typeof AdmissionBody>;
export type SuspendInput = z.infer<typeof SuspendBody>;
