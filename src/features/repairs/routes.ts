import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { APPLICANTS, DECIDERS, READERS } from './policy.js';
import { repairQueue } from './queue.js';
import { RepairPage, RepairQueueQuery } from './queue-schemas.js';
import { AcceptanceBody, ApplyBody, DecisionBody, Repair, RevocationBody } from './schemas.js';
import * as repairs from './service.js';

const tags = ['Credit repair'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^rep_[0-9A-Z]{26}$/, 'a repair id (rep_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const mayDecide = guard((db, actor, id) => repairs.authorizeRepair(db, actor, id, false));
const mayRead = guard((db, actor, id) => repairs.authorizeRepair(db, actor, id, true));

export const repairRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/repairs',
      tags,
      security: bearer,
      summary: 'Apply for credit repair (信用修复) of a record or a list entry; refused at once when it is too early',
      middleware: [requireRole(...APPLICANTS)] as const,
      request: { body: { ...json(ApplyBody), required: true } },
      responses: {
        201: { description: 'Applied; accept or refuse due in 3 working days', ...json(Repair) },
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => c.json(await repairs.applyForRepair(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/repairs',
      tags,
      security: bearer,
      summary:
        "Repairs by running deadline (accept or refuse by, decide by), overdue marked: the deciding department's queue, a subject's own",
      middleware: [requireRole(...READERS)] as const,
      request: { query: RepairQueueQuery },
      responses: { 200: { description: 'A page of repairs, earliest deadline first', ...json(RepairPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await repairQueue(c.get('db'), ctxOf(c).actor, c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/repairs/{id}',
      tags,
      security: bearer,
      summary: 'A repair application',
      middleware: [requireRole(...READERS), mayRead] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The repair', ...json(Repair) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await repairs.getRepair(c.get('db'), ctxOf(c).actor, c.req.valid('param').id, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/repairs/{id}/acceptance',
      tags,
      security: bearer,
      summary: 'Accept (7 working days to decide, +10 if complex) or refuse listing everything missing',
      middleware: [requireRole(...DECIDERS), mayDecide] as const,
      request: { params: IdParam, body: { ...json(AcceptanceBody), required: true } },
      responses: { 200: { description: 'The repair', ...json(Repair) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await repairs.decideAcceptance(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/repairs/{id}/decision',
      tags,
      security: bearer,
      summary: 'Approve (display ends, entries exit as repaired, restrictions lift) or reject with reasons',
      middleware: [requireRole(...DECIDERS), mayDecide] as const,
      request: { params: IdParam, body: { ...json(DecisionBody), required: true } },
      responses: { 200: { description: 'The repair', ...json(Repair) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await repairs.decideRepair(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/repairs/{id}/revocation',
      tags,
      security: bearer,
      summary: 'Revoke an approved repair for false materials: shown again 3 years, no repair for 3 years',
      middleware: [requireRole(...DECIDERS), mayDecide] as const,
      request: { params: IdParam, body: { ...json(RevocationBody), required: true } },
      responses: { 200: { description: 'The repair', ...json(Repair) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await repairs.revokeRepair(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
