import { z } from '@hono/zod-openapi';
import { IsoDate, line, text, Uscc } from '../../http/schemas.js';
import { ACTIONS } from './machine.js';

export const ProposeBody = z
  .object({
    subjectUscc: Uscc,
    list: z
      .enum(['red', 'black', 'watch'])
      .openapi({ description: 'watch = 重点关注: the black-list lifecycle, flagged but not restricting' }),
    reason: text(5000),
    basis: text(2000),
    documentNo: line(100),
    recordIds: z
      .array(z.string().regex(/^rec_[0-9A-Z]{26}$/))
      .max(100)
      .default([]),
    validUntil: IsoDate.openapi({ description: 'Last day of validity; at most 3 years from publishing' }),
  })
  .strict()
  .openapi('ProposeListEntry');

export const TransitionBody = z
  .object({
    action: z.enum(ACTIONS),
    reason: z
      .string()
      .trim()
      .min(1)
      .max(5000)
      .openapi({ description: 'Why; for exit one of expired, repaired, objection_upheld, standard_changed, revoked' }),
    documentNo: line(100).optional(),
    statement: text(20_000).optional().openapi({ description: "The subject's 陈述申辩 (action statement)" }),
  })
  .strict()
  .openapi('ListEntryTransition');

export const Entry = z
  .object({
    id: z.string(),
    subjectUscc: z.string(),
    subjectName: z.string(),
    legalRepresentative: z.string(),
    list: z.enum(['red', 'black', 'watch']),
    department: z.string(),
    reason: z.string(),
    basis: z.string(),
    documentNo: z.string(),
    recordIds: z.array(z.string()),
    validFrom: z.string().nullable(),
    validUntil: z.string(),
    state: z.enum(['proposed', 'notified', 'published', 'withdrawn', 'exited']),
    notifiedOn: z.string().nullable(),
    dueOn: z.string().nullable().openapi({ description: 'End of the statement window' }),
    deadlinesProvisional: z.boolean().openapi({
      description: 'The running deadline was counted on a provisional working-day table (its year has no official one yet)',
    }),
    overdue: z.boolean(),
    statement: z.string().nullable(),
    statementAt: z.string().nullable(),
    publishedOn: z.string().nullable(),
    exitedOn: z.string().nullable(),
    exitReason: z.string().nullable(),
    voided: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ListEntry');

export const EntryWithHistory = Entry.extend({
  history: z.array(
    z.object({
      action: z.string(),
      from: z.string(),
      to: z.string(),
      on: z.string(),
      actor: z.string(),
      role: z.string(),
      at: z.string(),
      reason: z.string().nullable(),
      documentNo: z.string().nullable(),
    }),
  ),
}).openapi('ListEntryWithHistory');

export type ProposeInput = z.infer<typeof ProposeBody>;
export type TransitionInput = z.infer<typeof TransitionBody>;
