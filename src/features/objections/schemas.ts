import { z } from '@hono/zod-openapi';
import { IsoDate } from '../../http/schemas.js';

const Evidence = z.object({ name: z.string().trim().min(1).max(200), sha256: z.string().regex(/^[0-9a-f]{64}$/) }).strict();

export const FileBody = z
  .object({
    target: z.enum(['record', 'listEntry', 'repair']),
    targetId: z.string().regex(/^(rec|lst|rep)_[0-9A-Z]{26}$/),
    grounds: z.string().trim().min(1).max(20_000),
    evidence: z.array(Evidence).max(100).default([]),
  })
  .strict()
  .openapi('ObjectionFiling');

export const ExtensionBody = z
  .object({
    reason: z.string().trim().min(1).max(2000),
    newDueOn: IsoDate,
  })
  .strict()
  .openapi('ObjectionExtension');

export const DecisionBody = z
  .object({
    decision: z.enum(['upheld', 'rejected']),
    reason: z.string().trim().min(1).max(5000),
  })
  .strict()
  .openapi('ObjectionDecision');

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
    state: z.enum(['filed', 'forwarded', 'upheld', 'rejected']),
    forwardDueOn: z.string(),
    forwardedOn: z.string().nullable(),
    decideDueOn: z.string().nullable(),
    dueOn: z.string().nullable(),
    overdue: z.boolean(),
    extensionReason: z.string().nullable(),
    decisionReason: z.string().nullable(),
    decidedOn: z.string().nullable(),
  })
  .openapi('Objection');

export type FileInput = z.infer<typeof FileBody>;
