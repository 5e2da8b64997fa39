import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { getDelivery, listDeliveries, replayDelivery } from './deliveries.js';
import {
  DeliveryDetail,
  DeliveryPage,
  DeliveryParam,
  DeliveryQuery,
  Endpoint,
  EndpointBody,
  EndpointPage,
  EndpointParam,
  EndpointPatch,
  EndpointQuery,
  EndpointStatusPage,
} from './delivery-schemas.js';
import { endpointDeliveryStates, NO_DELIVERIES } from './delivery-status.js';
import { changeEndpoint, DELIVERY_ADMINS, getEndpoint, listEndpoints, registerEndpoint } from './endpoints.js';

const tags = ['Sync: push delivery'];

export const deliveryRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/sync/endpoints',
      tags,
      security: bearer,
      summary:
        'Register a platform endpoint: batches of the feed are POSTed to it with Standard Webhooks headers, signed v1 (HMAC-SHA256) with its secret, or v1a (Ed25519) without one',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { body: { ...json(EndpointBody), required: true } },
      responses: { 201: { description: 'Registered (the secret is never shown again)', ...json(Endpoint) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await registerEndpoint(c.get('db'), ctxOf(c), c.get('deps').sync.deliveryKey, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/endpoints',
      tags,
      security: bearer,
      summary: 'The push endpoints, oldest first',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { query: EndpointQuery },
      responses: { 200: { description: 'A page of endpoints', ...json(EndpointPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listEndpoints(c.get('db'), ctxOf(c), c.get('deps').sync.deliveryKey, c.req.valid('query')), 200),
  )

  // Before /endpoints/{id}: the literal path wins.
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/endpoints/status',
      tags,
      security: bearer,
      summary:
        'The push endpoints, oldest first, each with its messages pending, in flight, delivered and dead, the last error and the last delivery',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { query: EndpointQuery },
      responses: {
        200: { description: 'A page of endpoints with their delivery state', ...json(EndpointStatusPage) },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const db = c.get('db');
      const ctx = ctxOf(c);
      const page = await listEndpoints(db, ctx, c.get('deps').sync.deliveryKey, c.req.valid('query'));
      const states = await endpointDeliveryStates(
        db,
        ctx,
        page.items.map((e) => e.id),
      );
      const items = page.items.map((e) => ({ ...e, delivery: states.get(e.id) ?? NO_DELIVERIES }));
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/endpoints/{id}',
      tags,
      security: bearer,
      summary: 'One push endpoint',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { params: EndpointParam },
      responses: { 200: { description: 'The endpoint', ...json(Endpoint) }, ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await getEndpoint(c.get('db'), ctxOf(c), c.get('deps').sync.deliveryKey, c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'patch',
      path: '/api/v1/sync/endpoints/{id}',
      tags,
      security: bearer,
      summary: 'Pause or resume an endpoint, or change its URL, event types or description',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { params: EndpointParam, body: { ...json(EndpointPatch), required: true } },
      responses: { 200: { description: 'Changed', ...json(Endpoint) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) =>
      c.json(
        await changeEndpoint(c.get('db'), ctxOf(c), c.get('deps').sync.deliveryKey, c.req.valid('param').id, c.req.valid('json')),
        200,
      ),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/deliveries',
      tags,
      security: bearer,
      summary: 'Messages pushed to endpoints and watches, newest first; status=dead lists the dead letters',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { query: DeliveryQuery },
      responses: { 200: { description: 'A page of deliveries', ...json(DeliveryPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listDeliveries(c.get('db'), ctxOf(c), c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/deliveries/{id}',
      tags,
      security: bearer,
      summary: 'One message (by its webhook-id) with every attempt and the exact body sent',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { params: DeliveryParam },
      responses: { 200: { description: 'The delivery', ...json(DeliveryDetail) }, ...problems(401, 403, 404) },
    }),
    async (c) => c.json(await getDelivery(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/sync/deliveries/{id}/replay',
      tags,
      security: bearer,
      summary: 'Send a dead letter again: back to pending with a new round of attempts, same webhook-id and body',
      middleware: [requireRole(...DELIVERY_ADMINS)] as const,
      request: { params: DeliveryParam },
      responses: { 200: { description: 'Pending again', ...json(DeliveryDetail) }, ...problems(401, 403, 404, 409) },
    }),
    async (c) => c.json(await replayDelivery(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  );
