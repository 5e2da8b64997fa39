import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { READERS } from './policy.js';
import { DepartmentPage, DepartmentQuery } from './schemas.js';
import { listDepartments } from './service.js';

const tags = ['Departments'];

export const departmentRoutes = createRouter().openapi(
  route({
    method: 'get',
    path: '/api/v1/departments',
    tags,
    security: bearer,
    summary: 'The departments (监管部门) by code, with name, region and sector',
    middleware: [requireRole(...READERS)] as const,
    request: { query: DepartmentQuery },
    responses: { 200: { description: 'A page of departments, by code', ...json(DepartmentPage) }, ...problems(400, 401) },
  }),
  async (c) => c.json(await listDepartments(c.get('db'), ctxOf(c).actor, c.req.valid('query')), 200),
);
