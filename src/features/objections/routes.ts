import { z } from '@hono/zod-openapi';
import { ANY_ROLE, requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { DECIDERS, FORWARDERS } from './policy.js';
import { objectionQueue } from './queue.js';
import { ObjectionPage, ObjectionQueueQuery } from './queue-schemas.js';
import { DecisionBody, ExtensionBody, FileBody, Objection } from './schemas.js';
import * as objections from './service.js';

const tags = ['Objections'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^obj_[0-9A-Z]{26}$/, 'an objection id (obj_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const may = (action: 'read' | 'forward' | 'decide') => guard((db, actor, id) => objections.authorizeObjection(db, actor, id, action));

export const objectionRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/objections',
      tags,
      security: bearer,
      summary: 'Object (异议) to a record, a list entry or a repair decision: the subject, or anyone for what is public',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { body: { ...json(FileBody), required: true } },
      responses: {
        201: { description: 'Filed; forwarding due within 1 working day', ...json(Objection) },
        ...problems(400, 401, 403, 404, 409),
      },
    }),
    async (c) => c.json(await objections.fileObjection(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/objections',
      tags,
      security: bearer,
      summary:
        'Objections by running deadline (forward by, decide by), overdue marked; overdue=true for those past it. ' +
        'The department its own, the platform those to forward, a filer its own',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { query: ObjectionQueueQuery },
      responses: {
        200: { description: 'A page of objections, earliest deadline first', ...json(ObjectionPage) },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => c.json(await objectionQueue(c.get('db'), ctxOf(c).actor, c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/objections/{id}',
      tags,
      security: bearer,
      summary: 'An objection',
      middleware: [requireRole(...ANY_ROLE), may('read')] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The objection', ...json(Objection) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(await objections.getObjection(c.get('db'), ctxOf(c).actor, c.req.valid('param').id, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/objections/{id}/forward',
      tags,
      security: bearer,
      summary: 'Forward to the deciding department (7 working days to decide)',
      middleware: [requireRole(...FORWARDERS), may('forward')] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The objection', ...json(Objection) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await objections.forward(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/objections/{id}/extension',
      tags,
      security: bearer,
      summary: 'Extend the decision deadline, with the reason',
      middleware: [requireRole(...DECIDERS), may('decide')] as const,
      request: { params: IdParam, body: { ...json(ExtensionBody), required: true } },
      responses: { 200: { description: 'The objection', ...json(Objection) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await objections.extend(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/objections/{id}/decision',
      tags,
      security: bearer,
      summary: 'Uphold (the target is voided, or the repair reopened) or reject with reasons',
      middleware: [requireRole(...DECIDERS), may('decide')] as const,
      request: { params: IdParam, body: { ...json(DecisionBody), required: true } },
      responses: { 200: { description: 'The objection', ...json(Objection) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await objections.decide(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
