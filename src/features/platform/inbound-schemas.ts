import { z } from '@hono/zod-openapi';
import { Evidence, IsoDate, line, text } from '../../http/schemas.js';

/**
 * The contract of reports the city platform sends back (POST /api/v1/sync/inbound): Standard Webhooks
 * messages `{ type, timestamp?, data }`, signed v1 with SYNC_INBOUND_SECRET. Each names one of our
 * public records or list entries by its id (as the feed gave it) and the platform's own reference.
 */
const Target = z.enum(['record', 'listEntry']).openapi({ description: 'What the report is about: a credit record or a list entry' });
const TargetId = z
  .string()
  .regex(/^(rec|lst)_[0-9A-Z]{26}$/, 'a record id (rec_…) or a list entry id (lst_…), as the feed gave it')
  .openapi({ example: 'rec_01JD3Q5Z8Y6K2M4N7P9R1T3V5W' });
const Reference = line(200).openapi({ description: 'The platform’s own number for its decision or case', example: '信修〔2026〕1234号' });
const Timestamp = z
  .string()
  .max(40)
  .optional()
  .openapi({ description: 'When the platform made the message (Standard Webhooks body field)' });

const RepairGranted = z
  .object({
    type: z.literal('repair.granted'),
    timestamp: Timestamp,
    data: z
      .object({
        target: Target,
        targetId: TargetId,
        reference: Reference,
        grantedOn: IsoDate.openapi({ description: 'The day 信用中国 granted the repair' }),
        note: text(2000).optional(),
      })
      .strict(),
  })
  .strict()
  .openapi('InboundRepairGranted', {
    description:
      'A credit repair granted on 信用中国 for one of our public records or list entries: it stops being published here too (the record’s display ends as repaired and the black or watch entries resting only on repaired or voided records exit; an entry exits as repaired)',
  });

const ObjectionFiled = z
  .object({
    type: z.literal('objection.filed'),
    timestamp: Timestamp,
    data: z
      .object({
        target: Target,
        targetId: TargetId,
        reference: Reference,
        grounds: text(20_000),
        evidence: z.array(Evidence).max(100).default([]),
      })
      .strict(),
  })
  .strict()
  .openapi('InboundObjectionFiled', {
    description: 'An objection filed on the platform about one of our public records or list entries: it joins our objection queue, filed',
  });

export const InboundMessage = z.discriminatedUnion('type', [RepairGranted, ObjectionFiled]).openapi('InboundMessage');
export type InboundMessage = z.infer<typeof InboundMessage>;

export const InboundHeaders = z.object({
  'webhook-id': z.string().openapi({ description: 'The message id: a report is applied once per id (a repeat answers the first outcome)' }),
  'webhook-timestamp': z.string().openapi({ description: 'Seconds since 1970; more than 5 minutes from the registry’s clock is refused' }),
  'webhook-signature': z.string().openapi({ description: 'v1,<base64 HMAC-SHA256 of {id}.{timestamp}.{body}> with SYNC_INBOUND_SECRET' }),
});

const RepairResult = z
  .object({
    target: Target,
    targetId: z.string(),
    subjectUscc: z.string(),
    changed: z.boolean().openapi({ description: 'false: it was no longer published here; nothing changed' }),
    recordEnded: z.boolean().optional().openapi({ description: 'A record: its public display ended now (as repaired)' }),
    entriesExited: z.array(z.string()).openapi({ description: 'The list entries that exited (as repaired) because of it' }),
  })
  .openapi('InboundRepairResult');
export type RepairResult = z.infer<typeof RepairResult>;

const ObjectionResult = z
  .object({
    objectionId: z.string(),
    target: Target,
    targetId: z.string(),
    subjectUscc: z.string(),
    state: z.string().openapi({ description: 'filed: it waits to be forwarded to the deciding department' }),
  })
  .openapi('InboundObjectionResult');
export type ObjectionResult = z.infer<typeof ObjectionResult>;

export const InboundReceipt = z
  .object({
    id: z.string().openapi({ description: 'The webhook-id' }),
    type: z.enum(['repair.granted', 'objection.filed']),
    outcome: z.literal('applied'),
    duplicate: z
      .boolean()
      .openapi({ description: 'true: this id was applied before; this answer repeats that outcome and nothing changed now' }),
    receivedAt: z.string().openapi({ description: 'When the report was first applied' }),
    result: z.union([RepairResult, ObjectionResult]).openapi({ description: 'What the report changed here' }),
  })
  .openapi('InboundReceipt');
