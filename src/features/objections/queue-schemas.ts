import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { QUEUE_STATES } from './policy.js';
import { Objection } from './schemas.js';

export const ObjectionQueueQuery = PageQuery.extend({
  state: z.enum(QUEUE_STATES).default('open').openapi({ description: 'open (default): filed (to forward) or forwarded (to decide)' }),
  overdue: z.enum(['true', 'false']).optional().openapi({ description: 'true: past the running deadline; false: not past it' }),
  subject: Uscc.optional().openapi({ description: "The subject's USCC" }),
  department: Uscc.optional().openapi({ description: "The deciding department's USCC (a regulator sees only its own)" }),
});

export const ObjectionPage = pageSchema(Objection).openapi('ObjectionPage');

export type ObjectionQueueFilter = z.infer<typeof ObjectionQueueQuery>;
export type ObjectionView = z.infer<typeof Objection>;
