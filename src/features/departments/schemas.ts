import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';

export const Department = z
  .object({
    code: z.string().openapi({ description: "The department's 统一社会信用代码: what `department` fields elsewhere hold" }),
    name: z.string(),
    region: z.string().openapi({ description: '6-digit 行政区划码' }),
    sector: z.string(),
  })
  .openapi('Department');

export const DepartmentPage = pageSchema(Department).openapi('DepartmentPage');

export const DepartmentQuery = PageQuery.extend({
  region: z
    .string()
    .regex(/^\d{6}$/, '6-digit 行政区划码')
    .optional(),
  sector: z.string().trim().min(1).max(100).optional(),
});

export type DepartmentFilter = z.infer<typeof DepartmentQuery>;
