import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { RuleSetView } from './schemas.js';

export const RuleSetListed = RuleSetView.extend({
  inForce: z.boolean().openapi({ description: 'The version evaluations as of today use' }),
}).openapi('RuleSetListed');

export const RuleSetPage = pageSchema(RuleSetListed).openapi('RuleSetPage');

export const RuleSetListQuery = PageQuery;

export type RuleSetListFilter = z.infer<typeof RuleSetListQuery>;
