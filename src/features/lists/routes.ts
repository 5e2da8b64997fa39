import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { PARTIES, PROPOSERS } from './policy.js';
import { listEntries } from './queue.js';
import { EntryListQuery, EntryPage } from './queue-schemas.js';
import { Entry, EntryWithHistory, ProposeBody, TransitionBody } from './schemas.js';
import * as lists from './service.js';

const tags = ['List entries'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^lst_[0-9A-Z]{26}$/, 'a list entry id (lst_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const mayTouch = guard(lists.authorizeEntry);

export const listRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/list-entries',
      tags,
      security: bearer,
      summary: 'Propose a red, black or watch list entry',
      middleware: [requireRole(...PROPOSERS)] as const,
      request: { body: { ...json(ProposeBody), required: true } },
      responses: { 201: { description: 'Proposed', ...json(Entry) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await lists.proposeEntry(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/list-entries',
      tags,
      security: bearer,
      summary: "Entries by state, list, subject and department: a reviewer's queue, a department's or a subject's own",
      middleware: [requireRole(...PARTIES)] as const,
      request: { query: EntryListQuery },
      responses: { 200: { description: 'A page of entries, oldest first', ...json(EntryPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listEntries(c.get('db'), ctxOf(c).actor, c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/list-entries/{id}',
      tags,
      security: bearer,
      summary: 'An entry with every transition (actor, time, reason)',
      middleware: [requireRole(...PARTIES), mayTouch] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The entry', ...json(EntryWithHistory) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await lists.getEntry(c.get('db'), c.get('actor')!, c.req.valid('param').id, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/list-entries/{id}/transitions',
      tags,
      security: bearer,
      summary: 'notify (告知), statement (陈述申辩), publish, withdraw, exit',
      middleware: [requireRole(...PARTIES), mayTouch] as const,
      request: { params: IdParam, body: { ...json(TransitionBody), required: true } },
      responses: { 200: { description: 'The entry after the transition', ...json(Entry) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await lists.transition(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
