import { z } from '@hono/zod-openapi';
import { IsoDate } from '../../http/schemas.js';
import { GradeEnum } from '../evaluation/index.js';

export const MAX_CODES = 10_000;

export const CheckBody = z
  .object({
    usccs: z
      .array(z.string().max(64))
      .min(1)
      .max(MAX_CODES)
      .openapi({ description: `Up to ${MAX_CODES} codes; invalid ones are reported per item` }),
    asOf: IsoDate.optional(),
  })
  .strict()
  .openapi('CheckRequest');

export const CheckResult = z
  .object({
    uscc: z.string().openapi({ description: 'The code as given (normalised when valid)' }),
    valid: z.boolean(),
    error: z.string().optional(),
    found: z.boolean(),
    name: z.string().nullable(),
    grade: GradeEnum.nullable(),
    score: z.number().int().nullable(),
    restricted: z.boolean(),
    reasons: z.array(z.string()),
    listEntries: z.array(
      z.object({ id: z.string(), list: z.string(), validFrom: z.string().nullable(), validUntil: z.string().nullable() }),
    ),
  })
  .openapi('CheckResult');

export const Receipt = z
  .object({
    id: z.string(),
    at: z.string(),
    asOf: z.string(),
    dataVersion: z.string().openapi({ description: 'The database snapshot the answer was read from' }),
    resultsHash: z.string().openapi({ description: 'SHA-256 of the canonical JSON of results' }),
    requestedBy: z.string(),
    results: z.array(CheckResult),
  })
  .openapi('CheckReceipt');

export type CheckResultView = z.infer<typeof CheckResult>;
