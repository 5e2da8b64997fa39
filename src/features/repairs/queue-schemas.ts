import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { Repair } from './schemas.js';

export const REPAIR_STATES = ['applied', 'accepted', 'refused', 'approved', 'rejected', 'revoked'] as const;

export const RepairQueueQuery = PageQuery.extend({
  state: z
    .enum(['open', 'all', ...REPAIR_STATES])
    .default('open')
    .openapi({ description: 'open (default): applied or accepted, waiting for the department' }),
  overdue: z.enum(['true', 'false']).optional().openapi({ description: 'true: past the running deadline' }),
  subject: Uscc.optional().openapi({ description: "The subject's USCC (a subject sees only its own)" }),
  department: Uscc.optional().openapi({ description: "The deciding department's USCC (a regulator sees only its own)" }),
});

export const RepairPage = pageSchema(Repair).openapi('RepairPage');

export type RepairQueueFilter = z.infer<typeof RepairQueueQuery>;
export type RepairView = z.infer<typeof Repair>;
