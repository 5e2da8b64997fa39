import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { Uscc } from '../../http/schemas.js';
import { RECORD_KINDS, Record, SEVERITIES } from './schemas.js';

export const RecordListQuery = PageQuery.extend({
  subject: Uscc.optional().openapi({ description: "The subject's USCC" }),
  department: Uscc.optional().openapi({ description: "The deciding department's USCC (a regulator sees only its own)" }),
  kind: z.enum(RECORD_KINDS).optional(),
  severity: z.enum(SEVERITIES).optional(),
});

export const RecordPage = pageSchema(Record).openapi('RecordPage');

export type RecordListFilter = z.infer<typeof RecordListQuery>;
