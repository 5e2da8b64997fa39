import { z } from '@hono/zod-openapi';
import { Evidence, line, text } from '../../http/schemas.js';

export const ApplyBody = z
  .object({
    target: z.enum(['record', 'listEntry']),
    targetId: z.string().regex(/^(rec|lst)_[0-9A-Z]{26}$/),
    commitment: text(10_000).openapi({ description: 'The 信用承诺 the subject makes' }),
    evidence: z.array(Evidence).max(100).default([]).openapi({ description: 'Proof of correction, 信用承诺书 …' }),
  })
  .strict()
  .openapi('RepairApplication');

export const AcceptanceBody = z
  .object({
    decision: z.enum(['accept', 'refuse']),
    missing: z
      .array(z.string().trim().min(1).max(500))
      .max(50)
      .optional()
      .openapi({ description: 'Refusal: everything missing, told at once (一次性告知)' }),
    complex: z.boolean().default(false).openapi({ description: 'Complex case: +10 working days to decide' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.decision === 'refuse' && !b.missing?.length)
      ctx.addIssue({ code: 'custom', path: ['missing'], message: 'a refusal lists everything missing at once' });
  })
  .openapi('RepairAcceptance');

export const DecisionBody = z
  .object({
    decision: z.enum(['approve', 'reject']),
    reason: text(5000),
  })
  .strict()
  .openapi('RepairDecision');

export const RevocationBody = z
  .object({
    reason: text(5000).openapi({ description: 'The proof that the materials were false' }),
    documentNo: line(100).optional(),
  })
  .strict()
  .openapi('RepairRevocation');

export const Repair = z
  .object({
    id: z.string(),
    target: z.enum(['record', 'listEntry']),
    targetId: z.string(),
    subjectUscc: z.string(),
    department: z.string(),
    commitment: z.string(),
    evidence: z.array(Evidence),
    state: z.enum(['applied', 'accepted', 'refused', 'approved', 'rejected', 'revoked']),
    appliedOn: z.string(),
    acceptedOn: z.string().nullable(),
    complex: z.boolean(),
    dueOn: z.string().nullable().openapi({ description: 'Accept/refuse by (applied), or decide by (accepted)' }),
    overdue: z.boolean(),
    deadlinesProvisional: z.boolean().openapi({
      description: 'The running deadline was counted on a provisional working-day table (its year has no official one yet)',
    }),
    decidedOn: z.string().nullable(),
    decisionReason: z.string().nullable(),
    missing: z.array(z.string()).nullable(),
    revokedOn: z.string().nullable(),
    revokeReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Repair');

export type ApplyInput = z.infer<typeof ApplyBody>;
