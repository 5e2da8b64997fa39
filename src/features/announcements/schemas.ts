import { z } from '@hono/zod-openapi';
import { IsoDate, line, text, Uscc } from '../../http/schemas.js';

/** What owners and agencies send about purchase announcements (domain §8): the schema is the contract. */

export const Fen = z
  .string()
  .regex(/^(0|[1-9]\d{0,15})$/, 'an amount in fen as a string of digits (no sign, no decimals)')
  .openapi({ example: '1200000' });

/** A rate 0 < r ≤ 1 with at most 4 places, as a string: compared exactly, never as a float. */
export const Rate = z
  .string()
  .regex(/^(0\.\d{1,4}|1(\.0{1,4})?)$/, 'a decimal string between 0 and 1 with at most 4 places, e.g. "0.8500"')
  .refine((v) => /[1-9]/.test(v), 'a rate must be more than 0')
  .openapi({ example: '0.8500' });

const Moment = z.iso.datetime({ offset: true }).openapi({ example: '2026-12-01T09:00:00+08:00' });

/** 投资项目代码: year, 行政区划码, industry, type and serial (e.g. 2026-210102-47-01-123456). */
const ProjectCode = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/, 'a 投资项目代码 like 2026-210102-47-01-123456')
  .openapi({ example: '2026-210102-47-01-123456' });

export const MODES = ['direct', 'random', 'bid_lowest', 'bid_best', 'credit_first'] as const;

const fields = {
  projectCode: ProjectCode,
  projectName: line(200),
  ownerName: line(200).openapi({ description: '项目业主' }),
  ownerUscc: Uscc.optional(),
  service: z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'a service code from GET /api/v1/market/services'),
  region: z.string().regex(/^\d{6}$/, '6-digit 行政区划码'),
  fiscal: z.boolean().openapi({ description: '财政资金' }),
  quoteKind: z.enum(['amount', 'discount']).openapi({ description: 'How agencies quote: an amount in fen, or a discount rate' }),
  priceCapFen: Fen.optional(),
  priceFloorFen: Fen.optional(),
  discountMin: Rate.optional(),
  discountMax: Rate.optional(),
  signupDeadline: Moment,
  selectionAt: Moment.openapi({ description: 'When the selection is made; not before the sign-up deadline' }),
  qualifications: z
    .object({
      match: z.enum(['any', 'all']),
      names: z.array(line(100)).max(20),
    })
    .strict()
    .default({ match: 'any', names: [] }),
  minStaff: z.number().int().min(0).max(100_000).default(0),
  avoid: z
    .array(z.object({ uscc: Uscc, reason: text(500) }).strict())
    .max(50)
    .default([])
    .openapi({ description: '回避: agencies excluded, each with its reason' }),
  mode: z.enum(MODES),
  directUscc: Uscc.optional().openapi({ description: 'direct only: the agency the owner names (non-财政 only)' }),
  longListSize: z.number().int().min(2).max(100).optional(),
  shortListSize: z.number().int().min(1).max(50).optional(),
  witnesses: z.boolean().default(false),
  publishWinner: z.boolean().default(true),
  complaintContact: line(200).openapi({ description: '投诉联系方式, published with the announcement' }),
  description: z.string().trim().max(5000).default(''),
};

export const AnnouncementBody = z
  .object(fields)
  .strict()
  .superRefine((a, ctx) => {
    const issue = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    // zod runs this even when a field failed its own format: compare only well-formed values.
    const fen = (v: string | undefined) => (v !== undefined && Fen.safeParse(v).success ? BigInt(v) : undefined);
    const rate = (v: string | undefined) => (v !== undefined && Rate.safeParse(v).success ? scaled(v) : undefined);
    if (a.quoteKind === 'amount') {
      const cap = fen(a.priceCapFen);
      const floor = fen(a.priceFloorFen);
      if (a.priceCapFen === undefined) issue('priceCapFen', 'an amount announcement needs its price cap');
      else if (cap !== undefined && floor !== undefined && floor > cap) issue('priceFloorFen', 'above the cap');
      if (a.discountMin !== undefined || a.discountMax !== undefined) issue('discountMin', 'an amount announcement has no discount range');
    } else {
      if (a.discountMin === undefined) issue('discountMin', 'a discount announcement needs its lowest rate');
      if (a.discountMax === undefined) issue('discountMax', 'a discount announcement needs its highest rate');
      const min = rate(a.discountMin);
      const max = rate(a.discountMax);
      if (min !== undefined && max !== undefined && min > max) issue('discountMax', 'below discountMin');
      if (a.priceCapFen !== undefined || a.priceFloorFen !== undefined) issue('priceCapFen', 'a discount announcement has no price cap');
    }
    if (Date.parse(a.selectionAt) < Date.parse(a.signupDeadline)) issue('selectionAt', 'before the sign-up deadline');
    if (a.mode === 'direct' && a.directUscc === undefined) issue('directUscc', 'a direct announcement names its agency');
    if (a.mode !== 'direct' && a.directUscc !== undefined) issue('directUscc', 'only a direct announcement names an agency');
    if (a.mode !== 'credit_first' && (a.longListSize !== undefined || a.shortListSize !== undefined))
      issue('longListSize', 'only a credit_first announcement has list sizes');
    if (a.longListSize !== undefined && a.shortListSize !== undefined && a.shortListSize > a.longListSize)
      issue('shortListSize', 'longer than the long list');
    if (new Set(a.avoid.map((x) => x.uscc)).size !== a.avoid.length) issue('avoid', 'each agency once');
  });
export type AnnouncementInput = z.infer<typeof AnnouncementBody>;

/** A rate as an integer count of 10^-4 (rates have at most 4 places): exact comparison. */
export function scaled(rate: string): bigint {
  const [whole, fraction = ''] = rate.split('.');
  return BigInt(`${whole}${fraction.padEnd(4, '0')}`);
}

export const CancelBody = z.object({ reason: text(1000) }).strict();

export const SignupBody = z
  .object({
    nonce: z
      .string()
      .regex(/^[A-Za-z0-9_-]{8,64}$/, '8–64 letters, digits, _ or -')
      .optional()
      .openapi({ description: "The agency's contribution to a commit-reveal draw; generated when absent" }),
  })
  .strict();

export const BidBody = z
  .object({ amountFen: Fen.optional(), discountRate: Rate.optional() })
  .strict()
  .refine((b) => (b.amountFen === undefined) !== (b.discountRate === undefined), {
    message: 'give exactly one of amountFen or discountRate',
    path: ['amountFen'],
  });
export type BidInput = z.infer<typeof BidBody>;

export const PickBody = z.object({ uscc: Uscc }).strict();

export const ObjectionBody = z
  .object({
    eligibilityDecisionId: z
      .string()
      .regex(/^eld_[0-9A-Z]{26}$/, 'an eligibility decision id (eld_…)')
      .optional(),
    reason: text(2000),
  })
  .strict();

export const ObjectionDecisionBody = z.object({ decision: z.enum(['upheld', 'rejected']), note: text(2000) }).strict();

export const ContractBody = z
  .object({ number: line(100), amountFen: Fen, startsOn: IsoDate, endsOn: IsoDate })
  .strict()
  .refine((c) => c.endsOn >= c.startsOn, { message: 'before startsOn', path: ['endsOn'] });

export const ExtensionBody = z.object({ endsOn: IsoDate, reason: text(1000) }).strict();

export const ResultBody = z
  .object({
    document: line(500).openapi({ description: 'The service result: a document number or a reference to the file filed' }),
    note: z.string().trim().max(2000).optional(),
  })
  .strict();

export const ResultDecisionBody = z.object({ decision: z.enum(['confirm', 'return']), note: text(2000) }).strict();
