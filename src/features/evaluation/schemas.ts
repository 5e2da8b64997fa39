import { z } from '@hono/zod-openapi';
import { IsoDate } from '../../http/schemas.js';

export const GradeEnum = z.enum(['AAA', 'AA', 'A', 'B', 'C']);

export const Evaluation = z
  .object({
    uscc: z.string(),
    score: z.number().int(),
    grade: GradeEnum,
    ruleVersion: z.string(),
    asOf: z.string(),
    forcedBottom: z.string().nullable().openapi({ description: 'Why the grade is forced to C, if it is' }),
    lines: z.array(z.object({ recordId: z.string().nullable(), effect: z.number().int(), reason: z.string() })),
  })
  .openapi('Evaluation');

export const AsOfQuery = z.object({ asOf: IsoDate.optional().openapi({ description: 'Default: today in Asia/Shanghai' }) });

export const RunBody = z
  .object({
    year: z.number().int().min(2019).max(2100),
    supersede: z.boolean().default(false).openapi({ description: 'Run a year that already has a stored run again; the old run is kept' }),
    reason: z.string().trim().min(1).max(2000).optional().openapi({ description: 'Why the year is run again (required with supersede)' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.supersede && !b.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'running a year again needs the reason' });
  })
  .openapi('EvaluationRunRequest');
export const Run = z
  .object({
    id: z.string(),
    year: z.number().int(),
    asOf: z.string(),
    ruleVersion: z.string(),
    subjects: z.number().int(),
    grades: z.record(z.string(), z.number().int()).openapi({ description: 'How many subjects got each grade' }),
    startedAt: z.string(),
    finishedAt: z.string(),
    supersedes: z.string().nullable().openapi({ description: 'The earlier run of the same year this one replaced' }),
    supersedeReason: z.string().nullable(),
  })
  .openapi('EvaluationRun');

export const GradeHistory = z
  .object({
    items: z.array(
      z.object({
        year: z.number().int(),
        asOf: z.string(),
        score: z.number().int(),
        grade: GradeEnum,
        ruleVersion: z.string(),
        runId: z.string(),
      }),
    ),
  })
  .openapi('GradeHistory');

export const NewRuleSet = z
  .object({
    version: z.string().regex(/^[0-9A-Za-z._-]{1,40}$/),
    effectiveFrom: IsoDate,
    base: z.number().int().min(1).max(1000),
    deductions: z.object({ minor: z.number().int().min(0), general: z.number().int().min(0), serious: z.number().int().min(0) }).strict(),
    goodAddition: z.number().int().min(0),
    additionCap: z.number().int().min(0),
    gradeMinimums: z
      .object({ AAA: z.number().int(), AA: z.number().int(), A: z.number().int(), B: z.number().int() })
      .strict()
      .refine((g) => g.AAA > g.AA && g.AA > g.A && g.A > g.B, 'minimums must fall from AAA to B'),
    note: z.string().max(2000).default(''),
  })
  .strict()
  .openapi('NewRuleSet');

export const RuleSetView = NewRuleSet.extend({ createdBy: z.string(), createdAt: z.string() }).openapi('RuleSet');

export const CandidatesQuery = z.object({
  list: z.enum(['red', 'black']),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional(),
});
export const Candidates = z
  .object({
    items: z.array(z.object({ uscc: z.string(), name: z.string(), reasons: z.array(z.string()) })),
    nextCursor: z.string().nullable(),
  })
  .openapi('ListCandidates');

export type NewRuleSetInput = z.infer<typeof NewRuleSet>;
