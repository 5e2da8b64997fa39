import { z } from '@hono/zod-openapi';
import { IsoDate } from '../../http/schemas.js';

/** A version of the 中介 evaluation scheme (market.agency_rule_sets), as an admin adds it: the schema is the contract. */
const points = (max: number) => z.number().int().min(0).max(max);

export const NewAgencyRuleSet = z
  .object({
    version: z.string().regex(/^[0-9A-Za-z\u4e00-\u9fff._-]{1,40}$/, 'letters, digits, 中文, . _ - (at most 40)'),
    effectiveFrom: IsoDate,
    parts: z
      .object({ regulator: points(100), publicCredit: points(100), social: points(100) })
      .strict()
      .refine((p) => p.regulator + p.publicCredit + p.social === 100, 'the three parts add up to 100')
      .openapi({ description: 'Sector regulators + public credit information + social evaluation = 100 (e.g. 70 + 10 + 20)' }),
    deductions: z.object({ minor: points(100), general: points(100), serious: points(100) }).strict(),
    goodAddition: points(100),
    publicDeduction: points(100).openapi({ description: 'Off the public part per public dishonesty record in effect' }),
    complaintDeduction: points(100).openapi({ description: 'Off the social part per complaint verified in the last year' }),
    socialDefault: points(100).openapi({ description: 'The social part of an agency nobody has rated in the window' }),
    ratingWindowMonths: z.number().int().min(1).max(120),
    gradeMinimums: z
      .object({ AAA: points(100), AA: points(100), A: points(100), B: points(100) })
      .strict()
      .refine((g) => g.AAA > g.AA && g.AA > g.A && g.A > g.B, 'minimums must fall from AAA to B'),
    note: z.string().trim().max(2000).default(''),
  })
  .strict()
  .superRefine((r, ctx) => {
    if (r.socialDefault > r.parts.social)
      ctx.addIssue({ code: 'custom', path: ['socialDefault'], message: `more than the social part (${r.parts.social})` });
  })
  .openapi('NewAgencyRuleSet');

export type NewAgencyRuleSetInput = z.infer<typeof NewAgencyRuleSet>;

export const AgencyRuleSetView = z
  .object({
    version: z.string(),
    effectiveFrom: z.string(),
    parts: z.object({ regulator: z.number().int(), publicCredit: z.number().int(), social: z.number().int() }),
    deductions: z.object({ minor: z.number().int(), general: z.number().int(), serious: z.number().int() }),
    goodAddition: z.number().int(),
    publicDeduction: z.number().int(),
    complaintDeduction: z.number().int(),
    socialDefault: z.number().int(),
    ratingWindowMonths: z.number().int(),
    gradeMinimums: z.object({ AAA: z.number().int(), AA: z.number().int(), A: z.number().int(), B: z.number().int() }),
    note: z.string(),
    createdAt: z.string(),
    inForce: z.boolean().openapi({ description: 'The version 中介 scores as of today use' }),
  })
  .openapi('AgencyRuleSet');

export const AgencyRuleSetList = z.object({ items: z.array(AgencyRuleSetView) }).openapi('AgencyRuleSetList');
