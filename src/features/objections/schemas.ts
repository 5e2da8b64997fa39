import { z } from '@hono/zod-openapi';
import { Evidence, IsoDate, text } from '../../http/schemas.js';
import { CorrectedFields } from '../records/index.js';

export const FileBody = z
  .object({
    target: z.enum(['record', 'listEntry', 'repair']),
    targetId: z.string().regex(/^(rec|lst|rep)_[0-9A-Z]{26}$/),
    grounds: text(20_000),
    evidence: z.array(Evidence).max(100).default([]),
  })
  .strict()
  .openapi('ObjectionFiling');

export const ExtensionBody = z
  .object({
    reason: text(2000),
    newDueOn: IsoDate,
  })
  .strict()
  .openapi('ObjectionExtension');

export const DecisionBody = z
  .object({
    decision: z.enum(['upheld', 'partly_upheld', 'rejected']).openapi({
      description:
        'upheld: the record is voided, the entry removed, the repair decision undone; partly_upheld: the record is corrected (e.g. a wrong period) by `correction`',
    }),
    reason: text(5000),
    correction: CorrectedFields.optional().openapi({
      description: 'partly_upheld: what the record becomes (a new revision linked to the objection)',
    }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.decision === 'partly_upheld' && !b.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'a partly upheld objection says how the record is corrected' });
    if (b.decision !== 'partly_upheld' && b.correction)
      ctx.addIssue({ code: 'custom', path: ['correction'], message: 'only a partly upheld objection corrects the record' });
  })
  .openapi('ObjectionDecision');

export type DecisionInput = z.infer<typeof DecisionBody>;

export const Objection = z
  .object({
    id: z.string(),
    target: z.enum(['record', 'listEntry', 'repair']),
    targetId: z.string(),
    subjectUscc: z.string(),
    department: z.string(),
    filedBy: z.string(),
    grounds: z.string(),
    evidence: z.array(Evidence),
    filedOn: z.string(),
    state: z.enum(['filed', 'forwarded', 'upheld', 'partly_upheld', 'rejected']),
    forwardDueOn: z.string(),
    forwardedOn: z.string().nullable(),
    decideDueOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    overdue: z.boolean(),
    deadlinesProvisional: z.boolean().openapi({
      description: 'The running deadline was counted on a provisional working-day table (its year has no official one yet)',
    }),
    extensionReason: z.string().nullable(),
    decisionReason: z.string().nullable(),
    decidedOn: z.string().nullable(),
  })
  .openapi('Objection');

export type FileInput = z.infer<typeof FileBody>;
