import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { line } from '../../http/schemas.js';
import { parseUscc } from '../../lib/uscc.js';
import { webhookSecret, webhookUrl } from './webhook-schemas.js';

/**
 * The contract of watches (/api/v1/sync/watches): a set of USCCs and a webhook URL; a change of a
 * watched subject's list status, restriction or grade is pushed there, signed, under the delivery rules
 * of the platform's endpoints (Standard Webhooks).
 */
export const MAX_WATCH_CODES = 100_000;
/**
 * 100,000 codes in JSON are about 2.3 MB; the app's usual body limit is 1 MB, so the routes that take
 * codes set their own (app.ts leaves them to it).
 */
export const WATCH_MAX_BODY_BYTES = 4 * 1024 * 1024;
/** An error lists at most this many bad codes: a person fixes the first ones and sends again. */
const MAX_CODE_PROBLEMS = 100;

const WebhookUrl = webhookUrl('https://hooks.example.com/credit-watch');

const WebhookSecret = webhookSecret('notifications');

/**
 * 1–100,000 distinct valid codes. The bound is checked first and the items are plain strings, so a
 * list over it is refused (413) without judging 100,001 codes; each code is then checked (both check
 * characters) and normalised (trimmed, upper case), and a repeat names the first place it appeared.
 */
const UsccList = z
  .array(z.string().max(40))
  .min(1)
  .max(MAX_WATCH_CODES)
  .superRefine((codes, ctx) => {
    if (codes.length > MAX_WATCH_CODES) return;
    const seen = new Map<string, number>();
    let problems = 0;
    for (const [i, raw] of codes.entries()) {
      if (problems >= MAX_CODE_PROBLEMS) return;
      const parsed = parseUscc(raw);
      if (!parsed.ok) {
        ctx.addIssue({ code: 'custom', path: [i], message: parsed.message });
        problems += 1;
      } else if (seen.has(parsed.value)) {
        ctx.addIssue({ code: 'custom', path: [i], message: `repeats usccs.${seen.get(parsed.value)} (${parsed.value})` });
        problems += 1;
      } else seen.set(parsed.value, i);
    }
  })
  .transform((codes) => codes.map((c) => c.trim().toUpperCase()))
  .openapi({
    description: `1 to ${MAX_WATCH_CODES.toLocaleString('en')} distinct 统一社会信用代码, both check characters validated`,
    example: ['91210102QY90000187'],
  });

export const WatchBody = z
  .object({
    url: WebhookUrl,
    description: line(500).optional(),
    secret: WebhookSecret.optional(),
    usccs: UsccList,
  })
  .strict()
  .openapi('WatchInput');
export type WatchInput = z.infer<typeof WatchBody>;

export const WatchPatch = z
  .object({
    status: z.enum(['active', 'paused']).optional().openapi({
      description:
        'paused: nothing is matched or sent; active again: matching resumes where it stopped, so the changes made meanwhile are sent then',
    }),
    url: WebhookUrl.optional(),
    description: line(500).nullable().optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, 'name at least one of status, url, description')
  .openapi('WatchChange');
export type WatchChange = z.infer<typeof WatchPatch>;

export const WatchCodesBody = z.object({ usccs: UsccList }).strict().openapi('WatchCodes');

export const WatchIdParam = z.object({
  id: z
    .string()
    .max(40)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'wat_01JD…' }),
});

export const WatchListQuery = PageQuery;

export const WatchCodesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(200).openapi({ description: 'Codes per page (≤ 1,000)' }),
  cursor: z.string().max(200).optional().openapi({ description: 'usccs.nextCursor of the previous page' }),
});

export const WatchDelivery = z
  .object({
    pending: z.number().int().openapi({ description: 'Notifications not yet delivered, still being tried' }),
    dead: z.number().int().openapi({
      description: 'Notifications that failed every attempt and were given up (they do not hold up later ones; an admin may replay them)',
    }),
    lastError: z.string().nullable().openapi({
      description: 'Why the latest notification not delivered failed its last attempt (null: none failed)',
    }),
  })
  .openapi('WatchDelivery');

export const Watch = z
  .object({
    id: z.string().openapi({ example: 'wat_01JD…' }),
    url: z.string(),
    description: z.string().nullable(),
    status: z.enum(['active', 'paused']),
    subjectCount: z.number().int(),
    signing: z.enum(['v1', 'v1a']).openapi({ description: 'v1: HMAC with the secret given; v1a: Ed25519, key in /.well-known/jwks.json' }),
    ownerRole: z.enum(['platform', 'applicant']),
    createdAt: z.string(),
    updatedAt: z.string(),
    delivery: WatchDelivery,
  })
  .openapi('Watch');

export const WatchPage = pageSchema(Watch).openapi('WatchPage');

export const WatchWithCodes = Watch.extend({
  usccs: z.object({ items: z.array(z.string()), nextCursor: z.string().nullable() }).openapi({
    description: 'A page of the watched codes in code order (limit, cursor)',
  }),
}).openapi('WatchWithCodes');

export const WatchCodesChanged = z
  .object({
    watch: Watch,
    added: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'Codes that were not watched before (repeats of watched ones change nothing)' }),
    removed: z.number().int().optional().openapi({ description: 'Codes that were watched and no longer are' }),
  })
  .openapi('WatchCodesChanged');
