import { z } from '@hono/zod-openapi';

/** The query and answer shapes of keyset pagination (the cursor logic is core/pagination.ts). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50).openapi({ description: 'Items per page (≤ 200)' }),
  cursor: z.string().max(200).optional().openapi({ description: 'nextCursor of the previous page' }),
});

export function pageSchema<T extends z.ZodTypeAny>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() });
}
