import { ANY_ROLE, requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { REGISTRARS } from './policy.js';
import { CreateSubjectBody, SearchQuery, Subject, SubjectPage, UpdateSubjectBody, UsccParam } from './schemas.js';
import * as subjects from './service.js';

const tags = ['Subjects'];

export const subjectRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/subjects',
      tags,
      security: bearer,
      summary: 'Register a subject',
      middleware: [requireRole(...REGISTRARS)] as const,
      request: { body: { ...json(CreateSubjectBody), required: true } },
      responses: { 201: { description: 'Registered', ...json(Subject) }, ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await subjects.createSubject(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/subjects',
      tags,
      security: bearer,
      summary: 'Find subjects by name, previous name or code',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { query: SearchQuery },
      responses: { 200: { description: 'A page of subjects', ...json(SubjectPage) }, ...problems(400, 401) },
    }),
    async (c) => c.json(await subjects.searchSubjects(c.get('db'), c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/subjects/{uscc}',
      tags,
      security: bearer,
      summary: 'A subject by its USCC',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { params: UsccParam },
      responses: { 200: { description: 'The subject', ...json(Subject) }, ...problems(400, 401, 404) },
    }),
    async (c) => c.json(await subjects.getSubject(c.get('db'), c.req.valid('param').uscc), 200),
  )

  .openapi(
    route({
      method: 'patch',
      path: '/api/v1/subjects/{uscc}',
      tags,
      security: bearer,
      summary: 'Change name, representative or region (a rename keeps the old name in previousNames)',
      middleware: [requireRole(...REGISTRARS)] as const,
      request: { params: UsccParam, body: { ...json(UpdateSubjectBody), required: true } },
      responses: { 200: { description: 'The updated subject', ...json(Subject) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await subjects.updateSubject(c.get('db'), ctxOf(c), c.req.valid('param').uscc, c.req.valid('json')), 200),
  );
