import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';

/** A receipt in a listing: what was asked and when, and the hash of the answer (the answer itself at /checks/{id}). */
export const ReceiptSummary = z
  .object({
    id: z.string(),
    at: z.string(),
    asOf: z.string(),
    codes: z.number().int().openapi({ description: 'How many codes were checked' }),
    dataVersion: z.string(),
    resultsHash: z.string(),
    requestedBy: z.string(),
    role: z.string().openapi({ description: 'The role the asker held' }),
  })
  .openapi('CheckReceiptSummary');

export const ReceiptPage = pageSchema(ReceiptSummary).openapi('CheckReceiptPage');

export const ReceiptListQuery = PageQuery.extend({
  requestedBy: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .optional()
    .openapi({ description: "Reviewers and admins: another token holder's receipts (its sub); default: one's own" }),
});

export type ReceiptListFilter = z.infer<typeof ReceiptListQuery>;
