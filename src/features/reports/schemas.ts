import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { IsoDate, line, text, Uscc } from '../../http/schemas.js';
import { CreateRecordBody, SEVERITIES } from '../records/index.js';

/** Tracking numbers: JB + the day received + 10 random Crockford base32 characters (50 bits). */
export const TRACKING_NO = /^JB\d{8}[0-9A-HJKMNP-TV-Z]{10}$/;

export const ReportBody = z
  .object({
    agencyUscc: Uscc.openapi({ description: 'The agency reported' }),
    facts: text(5000).openapi({ description: 'What happened: when, where, what the agency did' }),
    contact: z
      .object({
        name: line(50),
        phone: z
          .string()
          .trim()
          .regex(/^\+?[0-9][0-9 -]{4,22}[0-9]$/, 'a telephone number: digits, spaces or dashes, 6–24 characters'),
      })
      .strict()
      .openapi({ description: "The reporter's contact: seen by regulators only, never published" }),
  })
  .strict()
  .openapi('ReportInput');
export type ReportInput = z.infer<typeof ReportBody>;

export const ReportReceipt = z
  .object({
    trackingNo: z.string().openapi({ description: 'Keep it: it is the only way to follow the report' }),
    state: z.literal('received'),
    receivedOn: z.string(),
  })
  .openapi('ReportReceipt');

export const ReportTracking = z
  .object({
    trackingNo: z.string(),
    agency: z.object({ uscc: z.string(), name: z.string() }),
    state: z.enum(['received', 'dismissed', 'verified']),
    receivedOn: z.string(),
    decision: z
      .object({
        outcome: z.enum(['dismissed', 'verified']),
        reason: z.string(),
        decidedOn: z.string(),
        department: z.object({ code: z.string(), name: z.string().nullable() }),
        recordId: z.string().nullable().openapi({ description: 'The dishonesty record made, when it is public' }),
      })
      .nullable(),
  })
  .openapi('ReportTracking');

/** The record a verification makes: the fields of a dishonesty record a regulator decides (the subject is the reported agency). */
const recordFields = CreateRecordBody.shape;
export const VerifiedRecord = z
  .object({
    category: recordFields.category,
    severity: z.enum(SEVERITIES).openapi({ description: '轻微 minor, 一般 general, 严重 serious' }),
    facts: recordFields.facts,
    basis: recordFields.basis,
    documentNo: recordFields.documentNo,
    decidedOn: IsoDate,
    penalties: recordFields.penalties,
  })
  .strict();

export const ReportDecisionBody = z
  .discriminatedUnion('decision', [
    z.object({ decision: z.literal('dismiss'), reason: text(2000).openapi({ description: 'Shown to the reporter' }) }).strict(),
    z
      .object({
        decision: z.literal('verify'),
        reason: text(2000).optional().openapi({ description: 'Shown to the reporter (default: the record made)' }),
        record: VerifiedRecord,
      })
      .strict(),
  ])
  .openapi('ReportDecision');
export type ReportDecisionInput = z.infer<typeof ReportDecisionBody>;

/** A report as regulators see it: with the reporter's contact. */
export const Report = z
  .object({
    id: z.string(),
    trackingNo: z.string(),
    agency: z.object({ uscc: z.string(), name: z.string() }),
    facts: z.string(),
    contact: z.object({ name: z.string(), phone: z.string() }),
    state: z.enum(['received', 'dismissed', 'verified']),
    receivedAt: z.string(),
    decisionReason: z.string().nullable(),
    decidedBy: z.string().nullable(),
    decidedDept: z.string().nullable(),
    decidedAt: z.string().nullable(),
    recordId: z.string().nullable(),
    suspensionId: z.string().nullable().openapi({ description: 'The complaints suspension this report counted towards' }),
  })
  .openapi('Report');
export type ReportView = z.infer<typeof Report>;

export const ReportQueueQuery = PageQuery.extend({
  state: z.enum(['received', 'dismissed', 'verified']).default('received'),
  agencyUscc: Uscc.optional(),
});
export const ReportPage = pageSchema(Report).openapi('ReportPage');

export const ReportIdParam = z.object({
  id: z
    .string()
    .regex(/^rpt_[0-9A-Z]{26}$/, 'a report id (rpt_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const TrackingParam = z.object({
  trackingNo: z
    .string()
    .trim()
    .toUpperCase()
    .regex(TRACKING_NO, 'a tracking number (JB…)')
    .openapi({ param: { name: 'trackingNo', in: 'path' } }),
});
