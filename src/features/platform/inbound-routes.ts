import type { MiddlewareHandler } from 'hono';
import { DomainError } from '../../core/errors.js';
import { requireRole } from '../../http/auth.js';
import type { AppEnv } from '../../http/env.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, Problem, problems } from '../../http/schemas.js';
import { INBOUND_SENDERS, receiveReport } from './inbound.js';
import { InboundHeaders, InboundMessage, InboundReceipt } from './inbound-schemas.js';
import { verifyInbound } from './inbound-signature.js';

const tags = ['Sync: reports from the platform'];

/**
 * The second authentication of a report: its Standard Webhooks signature over the raw body, checked
 * before the body is parsed (parsing and re-serialising would change the bytes that were signed).
 */
const signedByPlatform: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { sync, clock } = c.get('deps');
  if (!sync.inboundSecret) {
    throw new DomainError(
      'UNAVAILABLE',
      'reports from the platform are not configured here: set SYNC_INBOUND_SECRET to the secret the platform signs them with',
    );
  }
  const headers = {
    id: c.req.header('webhook-id'),
    timestamp: c.req.header('webhook-timestamp'),
    signature: c.req.header('webhook-signature'),
  };
  verifyInbound(sync.inboundSecret, headers, await c.req.text(), clock.now());
  await next();
};

export const inboundRoutes = createRouter().openapi(
  route({
    method: 'post',
    path: '/api/v1/sync/inbound',
    tags,
    security: bearer,
    summary:
      'The platform reports back (a repair granted on 信用中国, an objection filed there): a platform token and a Standard Webhooks v1 signature with SYNC_INBOUND_SECRET; applied once per webhook-id',
    // The webhook-id is the idempotency key, kept in the report's own transaction.
    idempotency: 'own',
    middleware: [requireRole(...INBOUND_SENDERS), signedByPlatform] as const,
    request: { headers: InboundHeaders, body: { ...json(InboundMessage), required: true } },
    responses: {
      200: { description: 'Applied (or applied before: duplicate true)', ...json(InboundReceipt) },
      ...problems(400, 401, 403, 409, 422),
      503: { description: 'Reports from the platform are not configured', content: { 'application/problem+json': { schema: Problem } } },
    },
  }),
  async (c) => c.json(await receiveReport(c.get('db'), ctxOf(c), c.req.valid('header')['webhook-id'], c.req.valid('json')), 200),
);
