import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { CHECKERS } from './policy.js';
import { listReceipts } from './receipts.js';
import { ReceiptListQuery, ReceiptPage } from './receipts-schemas.js';
import { CheckBody, Receipt } from './schemas.js';
import * as checks from './service.js';

const tags = ['Credit checks'];

export const checkRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/checks',
      tags,
      security: bearer,
      summary: 'Check up to 10,000 codes at once (信用核查)',
      middleware: [requireRole(...CHECKERS)] as const,
      request: { body: { ...json(CheckBody), required: true } },
      responses: {
        201: { description: 'One result per code, in input order, kept as a receipt', ...json(Receipt) },
        ...problems(400, 401, 403, 413, 422),
      },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const asOf = body.asOf ?? c.get('deps').clock.today();
      return c.json(await checks.runCheck(c.get('db'), ctxOf(c), body.usccs, asOf), 201);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/checks',
      tags,
      security: bearer,
      summary: "One's own check receipts, newest first",
      middleware: [requireRole(...CHECKERS)] as const,
      request: { query: ReceiptListQuery },
      responses: { 200: { description: 'A page of receipts', ...json(ReceiptPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listReceipts(c.get('db'), ctxOf(c).actor, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/checks/{id}',
      tags,
      security: bearer,
      summary: 'A stored check receipt',
      middleware: [requireRole(...CHECKERS)] as const,
      request: {
        params: z.object({
          id: z
            .string()
            .regex(/^chk_[0-9A-Z]{26}$/)
            .openapi({ param: { name: 'id', in: 'path' } }),
        }),
      },
      responses: { 200: { description: 'The receipt as stored', ...json(Receipt) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await checks.getReceipt(c.get('db'), c.get('actor')!, c.req.valid('param').id), 200),
  );
