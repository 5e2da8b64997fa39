import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { DECIDERS, READERS, RECORDERS } from './policy.js';
import { authorizeRead, getCommitment, listCommitments } from './queue.js';
import { CommitmentListQuery, CommitmentPage, CommitmentRead } from './queue-schemas.js';
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
const mayRead = guard(authorizeRead);

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
      method: 'get',
      path: '/api/v1/commitments',
      tags,
      security: bearer,
      summary: 'Commitments by status, type, subject and accepting unit; overdue=true for those past validUntil still pending',
      middleware: [requireRole(...READERS)] as const,
      request: { query: CommitmentListQuery },
      responses: { 200: { description: 'A page of commitments, oldest first', ...json(CommitmentPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listCommitments(c.get('db'), ctxOf(c).actor, c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/commitments/{id}',
      tags,
      security: bearer,
      summary: 'A commitment: to the accepting unit, the subject, reviewers and admins; to other departments when public',
      middleware: [requireRole(...READERS), mayRead] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The commitment', ...json(CommitmentRead) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await getCommitment(c.get('db'), ctxOf(c).actor, c.req.valid('param').id, c.get('deps').clock.today()), 200),
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
