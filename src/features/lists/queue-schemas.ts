import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { Entry } from './schemas.js';

export const EntryListQuery = PageQuery.extend({
  state: z.enum(['proposed', 'notified', 'published', 'withdrawn', 'exited']).optional(),
  list: z.enum(['red', 'black', 'watch']).optional(),
  subject: Uscc.optional().openapi({ description: "The subject's USCC (a subject sees only its own)" }),
  department: Uscc.optional().openapi({ description: "The listing department's USCC (a regulator sees only its own)" }),
  awaitingPublication: z.enum(['true', 'false']).optional().openapi({
    description: 'true: notified entries a reviewer may publish now (the statement window has passed, or the subject has stated its case)',
  }),
});

export const EntryPage = pageSchema(Entry).openapi('ListEntryPage');

export type EntryListFilter = z.infer<typeof EntryListQuery>;
