import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { DECIDERS, RECORDERS } from './policy.js';
import { Commitment, CreateCommitmentBody, FulfilmentBody } from './schemas.js';
import * as commitments from './service.js';

const tags = ['Credit commitments'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^cmt_[0-9A-Z]{26}$/, 'a commitment id (cmt_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const mayDecide = guard(commitments.authorizeFulfilment);

export const commitmentRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/commitments',
      tags,
      security: bearer,
      summary: "Record a credit commitment (信用承诺) accepted by the token's department",
      middleware: [requireRole(...RECORDERS)] as const,
      request: { body: { ...json(CreateCommitmentBody), required: true } },
      responses: { 201: { description: 'Recorded with its 承诺编码', ...json(Commitment) }, ...problems(400, 401, 403, 422) },
    }),
    async (c) => c.json(await commitments.createCommitment(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/commitments/{id}/fulfilment',
      tags,
      security: bearer,
      summary: 'Decide 全部履行 / 部分履行 / 全部未履行; a broken commitment creates a linked dishonesty record',
      middleware: [requireRole(...DECIDERS), mayDecide] as const,
      request: { params: IdParam, body: { ...json(FulfilmentBody), required: true } },
      responses: { 200: { description: 'The commitment', ...json(Commitment) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await commitments.decideFulfilment(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
