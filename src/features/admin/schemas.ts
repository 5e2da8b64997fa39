import { z } from '@hono/zod-openapi';
import type { SweepReport } from '../../jobs/index.js';

const date = () => z.string().openapi({ description: 'YYYY-MM-DD (Asia/Shanghai)' });

const SweepReportView = z.object({
  on: date(),
  exitedEntries: z.array(z.string()).openapi({ description: 'List entries that exited as expired' }),
  endedRecords: z.array(z.string()).openapi({ description: 'Records whose display ended' }),
  heldRecords: z
    .array(z.object({ id: z.string(), documentNo: z.string(), shownUntil: date(), department: z.string() }))
    .openapi({ description: 'Records past their display kept shown because obligations are unmet: a person decides' }),
  tasksOpened: z.number().int().openapi({ description: 'Arrears rectification tasks opened (整改台账)' }),
  overdueCommitments: z
    .array(z.object({ id: z.string(), code: z.string(), validUntil: date(), acceptingUnit: z.string() }))
    .openapi({ description: 'Commitments still pending after their validity, for the accepting unit to decide' }),
});

// The schema names every field of the sweep's report: tsc fails here when the report gains or loses one.
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export type SweepReportDeclared = Exactly<SweepReport, z.infer<typeof SweepReportView>> extends true ? true : never;
export const sweepReportDeclared: SweepReportDeclared = true;

export const SweepRun = SweepReportView.extend({
  failedJobs: z
    .array(z.object({ job: z.string(), message: z.string() }))
    .openapi({ description: 'Follow-up jobs (outbox consumers, sealing the audit chain) that failed; they run again shortly' }),
}).openapi('SweepRun');

export const AuditVerification = z
  .object({
    ok: z.boolean(),
    rows: z.number().int().openapi({ description: 'Sealed entries verified (before the break, if there is one)' }),
    pending: z.number().int().nullable().openapi({ description: 'Entries written but not yet sealed (null when the chain is broken)' }),
    brokenAt: z
      .object({ seq: z.string(), entryId: z.string(), reason: z.string() })
      .nullable()
      .openapi({ description: 'The first link that does not verify' }),
  })
  .openapi('AuditVerification');

export const LedgerVerification = z
  .object({
    ok: z.boolean(),
    postings: z.number().int(),
    contracts: z.number().int(),
    problems: z.array(z.string()).openapi({ description: 'What does not hold, with the ids concerned' }),
  })
  .openapi('LedgerVerification');
