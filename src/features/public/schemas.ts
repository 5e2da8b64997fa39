import { z } from '@hono/zod-openapi';
import { PageQuery } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { PUBLISHED_LISTS } from './lists.js';

/** The public side's query contracts: the API validates with them, and so do the pages. */
export const PublicSearchQuery = PageQuery.extend({
  q: z.string().trim().min(2).max(100).openapi({ description: 'At least 2 characters of the name, a former name (曾用名) or the code' }),
});

export const PublishedEntriesQuery = PageQuery.extend({
  list: z.enum(PUBLISHED_LISTS).optional().openapi({ description: 'red or black; both when absent' }),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .openapi({ description: "Part of the subject's name, a former name (曾用名) or its code" }),
  department: Uscc.optional().openapi({ description: 'Only entries decided by this department (its 统一社会信用代码)' }),
});

export type PublishedEntriesFilter = z.infer<typeof PublishedEntriesQuery>;
