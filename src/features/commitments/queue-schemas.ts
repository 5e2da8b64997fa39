import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { COMMITMENT_TYPES, Commitment, FULFILMENT } from './schemas.js';

/** A commitment as read back: as recorded, and whether it is past its validity with no outcome decided. */
export const CommitmentRead = Commitment.extend({
  overdue: z.boolean().openapi({ description: 'Still pending after its validUntil: the accepting unit has an outcome to decide' }),
}).openapi('CommitmentRead');

export const CommitmentPage = pageSchema(CommitmentRead).openapi('CommitmentPage');

export const CommitmentListQuery = PageQuery.extend({
  status: z.enum(['pending', ...FULFILMENT]).optional(),
  type: z.enum(COMMITMENT_TYPES).optional(),
  subject: Uscc.optional().openapi({ description: "The committing subject's USCC (a subject sees only its own)" }),
  acceptingUnit: Uscc.optional().openapi({ description: "The accepting unit's USCC" }),
  overdue: z.enum(['true', 'false']).optional().openapi({ description: 'true: pending past validUntil' }),
});

export type CommitmentListFilter = z.infer<typeof CommitmentListQuery>;
