import { z } from '@hono/zod-openapi';
import { EVENTS, PUBLIC_EVENT_TYPES } from '../../sync/catalogue.js';

/** Every public event's payload schema from the catalogue, once each: an item's payload is the one its type names. */
const payloadSchemas = [...new Set(PUBLIC_EVENT_TYPES.map((t) => EVENTS[t].schema))] as unknown as [
  z.ZodTypeAny,
  z.ZodTypeAny,
  ...z.ZodTypeAny[],
];
const EventPayloadSchema = z
  .union(payloadSchemas)
  .openapi({ description: "The event's payload, as src/sync/catalogue.ts defines it for its type, built by the disclosure module" });

/** The contract of the feed, the checkpoint and the proofs (GET /api/v1/sync/feed, /checkpoint, /proof/*). */
const hex32 = z.string().regex(/^[0-9a-f]{64}$/);
const position = (what: string) =>
  z
    .string()
    .regex(/^\d{1,15}$/, 'a whole number')
    .transform(Number)
    .openapi({ type: 'string', description: what });

export const FeedQuery = z.object({
  after: z
    .string()
    .regex(/^(?:-1|\d{1,15})$/, 'a whole number (or -1: before the first event)')
    .transform(Number)
    .openapi({
      type: 'string',
      description: 'The position of the last event already read (nextCursor of the previous page). Absent or -1: from the first event.',
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const FeedItemSchema = z
  .object({
    index: z.number().int().openapi({ description: 'Position in the feed, and leaf index in the Merkle log' }),
    id: z.string(),
    type: z.string(),
    at: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    payloadHash: hex32.openapi({ description: 'SHA-256 of the canonical JSON of the payload, hex: the leaf commits to this' }),
    payload: EventPayloadSchema.nullable().openapi({
      description: 'Null when withheld: the facts were repaired or voided since (停止共享)',
    }),
    withheld: z.enum(['repaired', 'voided']).optional(),
    leafHash: hex32.openapi({
      description: 'SHA-256(0x00 || canonical JSON of {index, id, type, at, entityType, entityId, payloadHash}), hex',
    }),
  })
  .openapi('FeedItem');

export const FeedPage = z
  .object({
    items: z.array(FeedItemSchema),
    nextCursor: z.string().openapi({ description: 'Pass as `after` for the next page; never null: the feed keeps growing' }),
    treeSize: z.number().int().openapi({ description: 'How many events the log holds now' }),
  })
  .openapi('FeedPage');

export const CheckpointQuery = z.object({ size: position('A past checkpoint by its tree size (default: the newest)').optional() });
export const CheckpointSchema = z
  .object({
    treeSize: z.number().int(),
    rootHash: hex32,
    signedAt: z.string(),
    kid: z.string(),
    jws: z.string().openapi({
      description:
        'Compact JWS (ES256, typ credit-checkpoint+jws) of {origin, treeSize, rootHash, timestamp}; key in /.well-known/jwks.json',
    }),
  })
  .openapi('Checkpoint');

export const InclusionQuery = z.object({
  index: position('The event’s index'),
  size: position('The tree size of the checkpoint to prove against'),
});
export const InclusionSchema = z
  .object({ index: z.number().int(), treeSize: z.number().int(), leafHash: hex32, auditPath: z.array(hex32), rootHash: hex32 })
  .openapi('InclusionProof');

export const ConsistencyQuery = z.object({ from: position('The older tree size (≥ 1)'), to: position('The newer tree size') });
export const ConsistencySchema = z
  .object({ from: z.number().int(), to: z.number().int(), proof: z.array(hex32), fromRoot: hex32, toRoot: hex32 })
  .openapi('ConsistencyProof');

export const LogVerificationSchema = z
  .object({
    treeSize: z.number().int(),
    checkpoints: z.number().int().openapi({ description: 'Checkpoints whose root and signature were checked' }),
    problems: z.array(z.object({ position: z.number().int().optional(), treeSize: z.number().int().optional(), problem: z.string() })),
  })
  .openapi('LogVerification');
