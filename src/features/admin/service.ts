import { verifyChain } from '../../audit/chain.js';
import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { type JobEnv, runJobs, sweep } from '../../jobs/index.js';
import { verifyLedger } from '../arrears/index.js';
import { OPERATORS } from './policy.js';

/**
 * The maintenance the CLIs do (`npm run sweep`, `audit:verify`, `ledger:verify`), over HTTP: while the
 * embedded service holds its data directory no other process may open it, so these are the way to do
 * that work on a running service. The same code runs either way.
 */

/** The daily sweep now (idempotent), then the frequent jobs so its effects are sealed and announced. */
export async function runSweep(db: Db, ctx: ActorCtx, env: JobEnv) {
  assertRole(ctx.actor, OPERATORS, 'run the daily sweep');
  const report = await sweep(db, ctx.clock);
  const failedJobs: { job: string; message: string }[] = [];
  await runJobs(db, ctx.clock, 'frequent', (job, error) => failedJobs.push({ job, message: error.message }), env);
  // Who asked for the sweep is part of the record; the changes themselves carry the sweep's own audit rows.
  await db.transaction().execute((trx) =>
    recordAudit(trx, ctx, {
      action: 'admin.sweep',
      entityType: 'sweep',
      entityId: report.on,
      after: {
        exitedEntries: report.exitedEntries.length,
        endedRecords: report.endedRecords.length,
        heldRecords: report.heldRecords.length,
        tasksOpened: report.tasksOpened,
        overdueCommitments: report.overdueCommitments.length,
      },
    }),
  );
  return { ...report, failedJobs };
}

/** Walks the audit hash chain (read-only). */
export async function verifyAuditChain(db: Db, ctx: ActorCtx) {
  assertRole(ctx.actor, OPERATORS, 'verify the audit chain');
  const result = await verifyChain(db);
  return result.ok
    ? { ok: true, rows: result.rows, pending: result.pending, brokenAt: null }
    : { ok: false, rows: result.rows, pending: null, brokenAt: result.brokenAt };
}

/** Checks the arrears ledger's invariants as of today (read-only). */
export async function verifyArrearsLedger(db: Db, ctx: ActorCtx) {
  assertRole(ctx.actor, OPERATORS, 'verify the arrears ledger');
  const result = await verifyLedger(db, ctx.clock.today());
  return { ok: result.problems.length === 0, ...result };
}
