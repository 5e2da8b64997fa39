import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { line } from '../../http/schemas.js';
import { PUBLIC_EVENT_TYPES } from '../../sync/catalogue.js';
import { webhookSecret, webhookUrl } from './webhook-schemas.js';

/** The contract of push endpoints and of the deliveries made to them (/api/v1/sync/endpoints, /deliveries). */

const WebhookUrl = webhookUrl('https://credit-platform.example.gov.cn/hooks/credit');

const PublicEventType = z.string().superRefine((value, ctx) => {
  if (!(PUBLIC_EVENT_TYPES as string[]).includes(value))
    ctx.addIssue({
      code: 'custom',
      message: `"${value}" is not a public event type (see the catalogue: ${PUBLIC_EVENT_TYPES.join(', ')})`,
    });
});

const EventTypes = z
  .array(PublicEventType.openapi({ enum: PUBLIC_EVENT_TYPES }))
  .min(1)
  .max(100)
  .openapi({ description: 'The public event types to push. Absent or null: all of them, including types added later' });

const WebhookSecret = webhookSecret('messages');

export const EndpointBody = z
  .object({
    url: WebhookUrl,
    description: line(500).optional(),
    events: EventTypes.optional(),
    secret: WebhookSecret.optional(),
    startAfter: z.number().int().min(-1).optional().openapi({
      description:
        'The position of the last event the platform already holds (e.g. read from the feed): pushing starts after it. Absent: from the first event',
    }),
  })
  .strict()
  .openapi('EndpointInput');
export type EndpointInput = z.infer<typeof EndpointBody>;

export const EndpointPatch = z
  .object({
    url: WebhookUrl.optional(),
    description: line(500).nullable().optional(),
    events: EventTypes.nullable().optional(),
    status: z.enum(['active', 'paused']).optional().openapi({ description: 'paused: nothing is cut or sent until it is active again' }),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one of url, description, events, status')
  .openapi('EndpointChange');
export type EndpointChange = z.infer<typeof EndpointPatch>;

export const Endpoint = z
  .object({
    id: z.string().openapi({ example: 'whe_01JD…' }),
    url: z.string(),
    description: z.string().nullable(),
    events: z.array(z.string()).nullable().openapi({ description: 'null: every public event type' }),
    signing: z.enum(['v1', 'v1a']),
    publicKey: z
      .string()
      .optional()
      .openapi({ description: 'v1a: the key to verify with, whpk_ + base64 (also in /.well-known/jwks.json)' }),
    kid: z.string().optional().openapi({ description: 'v1a: the delivery key’s id in /.well-known/jwks.json' }),
    status: z.enum(['active', 'paused', 'disabled']),
    cursor: z.number().int().openapi({ description: 'The last feed position already cut into a message for this endpoint (−1: none yet)' }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Endpoint');

export const EndpointPage = pageSchema(Endpoint).openapi('EndpointPage');

export const EndpointDeliveries = z
  .object({
    pending: z.number().int().openapi({ description: 'Messages waiting to be sent (no worker holds them now)' }),
    inFlight: z.number().int().openapi({ description: 'Messages a worker is sending now (its lease has not run out)' }),
    delivered: z.number().int().openapi({ description: 'Messages the endpoint acknowledged' }),
    dead: z.number().int().openapi({ description: 'Dead letters: every attempt failed (GET /api/v1/sync/deliveries?status=dead)' }),
    lastError: z.string().nullable().openapi({ description: 'The error of the latest message (highest seq) that has one' }),
    lastDeliveredAt: z.string().nullable().openapi({ description: 'When the endpoint last acknowledged a message' }),
  })
  .openapi('EndpointDeliveries');

export const EndpointStatus = Endpoint.extend({
  delivery: EndpointDeliveries.openapi({ description: 'Where delivery to this endpoint stands, counted from its messages' }),
}).openapi('EndpointStatus');
export const EndpointStatusPage = pageSchema(EndpointStatus).openapi('EndpointStatusPage');
export const EndpointParam = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'whe_01JD…' }),
});
export const EndpointQuery = PageQuery;

export const DeliveryQuery = PageQuery.extend({
  status: z.enum(['pending', 'delivered', 'dead']).optional(),
  endpoint: z.string().max(100).optional().openapi({ description: 'Only messages to this endpoint (whe_…)' }),
  watch: z.string().max(100).optional().openapi({ description: 'Only messages to this watch (wat_…)' }),
});

export const Delivery = z
  .object({
    id: z.string().openapi({ description: 'The webhook-id: the same on every attempt, the platform’s deduplication key' }),
    endpointId: z.string().nullable(),
    watchId: z.string().nullable(),
    seq: z.number().int().openapi({ description: 'Order of the messages to one endpoint or watch; sent strictly in this order' }),
    firstPosition: z.number().int().nullable(),
    lastPosition: z.number().int().nullable(),
    eventCount: z.number().int(),
    status: z.enum(['pending', 'delivered', 'dead']),
    attempts: z.number().int().openapi({ description: 'Attempts in the current round (a replay starts a new round)' }),
    nextAttemptAt: z.string().nullable(),
    leaseUntil: z.string().nullable().openapi({ description: 'Set while a worker is sending it' }),
    lastStatus: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: z.string(),
    deliveredAt: z.string().nullable(),
    deadAt: z.string().nullable(),
  })
  .openapi('Delivery');

export const DeliveryAttempt = z
  .object({
    attempt: z.number().int(),
    at: z.string(),
    status: z.number().int().nullable(),
    error: z.string().nullable(),
    durationMs: z.number().int(),
  })
  .openapi('DeliveryAttempt');

export const DeliveryDetail = Delivery.extend({
  history: z.array(DeliveryAttempt).openapi({ description: 'Every attempt, oldest first, across replays' }),
  body: z.string().openapi({ description: 'The exact bytes sent on every attempt (what the signature covers)' }),
}).openapi('DeliveryDetail');

export const DeliveryPage = pageSchema(Delivery).openapi('DeliveryPage');
export const DeliveryParam = z.object({
  id: z
    .string()
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'msg_01JD…' }),
});
