import { sealAll } from '../audit/chain.js';
import type { Clock } from '../core/clock.js';
import { CONSOLE_LOG, type Logger } from '../core/logger.js';
import type { Db } from '../db/types.js';
import { refreshAllScores, refreshTouchedScores } from '../features/agencies/index.js';
import { type DrawSources, selectDueAnnouncements } from '../features/announcements/index.js';
import { reopenRefusedAnswers } from '../features/arrears/index.js';
import { recordsFromArrearsComplaints } from '../features/records/index.js';
import type { EventType } from '../sync/catalogue.js';
import { type Consumer, runConsumer } from '../sync/consumers.js';
import { cutBatches } from '../sync/delivery/batches.js';
import { deliverDue } from '../sync/delivery/worker.js';
import type { SyncEnv } from '../sync/env.js';
import { sequenceFeed } from '../sync/sequencer.js';
import { matchWatches } from '../sync/watch-matcher.js';
import { sweep } from './sweep.js';

/**
 * All periodic work, listed once. The Node scheduler, the Worker's cron triggers and the after-write
 * hook all run from this list, so no entry point keeps its own copy.
 * - daily: at the start of the legal day in Shanghai (the sweep is idempotent, so a rerun is harmless);
 * - frequent: every few seconds on Node, at every 5-minute cron trigger on Workers (wrangler.toml);
 * - afterWrite: also right after a successful write, so its effects are there when the caller reads
 *   (the consumer before the sealer: its audit rows are sealed in the same pass).
 */
export type Trigger = 'daily' | 'frequent' | 'after-write';
export type Job = {
  name: string;
  schedule: 'daily' | 'frequent';
  afterWrite: boolean;
  run(db: Db, clock: Clock, env: JobEnv, trigger: Trigger): Promise<unknown>;
};
/**
 * What some jobs need from the app's dependencies: the 中介超市 draws their randomness sources
 * (AppDeps.drawSources), the feed and delivery their keys and settings (AppDeps.sync). Required, so no
 * runner can forget them and leave due work undone.
 */
export type JobEnv = {
  drawSources: DrawSources;
  sync: SyncEnv;
  /** Where a job logs what is not a failure (an event a consumer refused); JSON on the console when not given (CLIs). */
  log?: Logger;
};

/**
 * A consumer as a job: events refused by a rule are logged (they are marked failed, and the consumer
 * answered the refusal); any other error fails the job, so the scheduler reports it, and is retried.
 */
function consume<T extends EventType>(consumer: Consumer<T>): Job['run'] {
  return async (db, clock, env) => {
    const report = await runConsumer(db, consumer, clock);
    for (const f of report.failed)
      (env.log ?? CONSOLE_LOG).warn({ consumer: consumer.name, eventId: f.eventId, refused: f.reason }, 'event refused by a rule');
    if (report.errors.length) {
      throw new Error(
        `${report.errors.length} event(s) not handled, to be retried: ${report.errors.map((e) => `${e.eventId} ${e.reason}`).join('; ')}`,
      );
    }
    return report;
  };
}

/** The in-registry readers of the outbox; GET /metrics reports how far behind each is (sync/backlog.ts). */
export const CONSUMERS = [recordsFromArrearsComplaints, reopenRefusedAnswers] as const;

export const JOBS: Job[] = [
  { name: 'sweep', schedule: 'daily', afterWrite: false, run: sweep },
  // The credit side records justified complaints; the ledger reopens those it had to refuse.
  { name: 'credit-records-from-arrears', schedule: 'frequent', afterWrite: true, run: consume(recordsFromArrearsComplaints) },
  { name: 'arrears-reopen-refused-answers', schedule: 'frequent', afterWrite: true, run: consume(reopenRefusedAnswers) },
  // The 中介 score cache the directory sorts by: agencies named by new credit/rating/report events at once,
  // all admitted agencies daily (what time alone changes); features/agencies/score-cache.ts.
  { name: 'market-agency-scores', schedule: 'daily', afterWrite: false, run: refreshAllScores },
  { name: 'market-agency-scores-touched', schedule: 'frequent', afterWrite: true, run: refreshTouchedScores },
  // 中介超市 announcements whose selection time has come are drawn (features/announcements/selection.ts);
  {
    name: 'market-selections',
    schedule: 'frequent',
    afterWrite: false,
    run: (db, clock, env) => selectDueAnnouncements(db, clock, env.drawSources),
  },
  // The feed to the city platform: positions in commit order and the Merkle log (sync/sequencer.ts),
  // placed right after each write too (one bounded pass that skips when another process holds the log);
  // batches cut per push endpoint and per watch, then delivered (sync/delivery, sync/watch-matcher.ts),
  // by the scheduler only: a request never waits on them. The Node service runs all four every second
  // (runtime/sync-loop.ts).
  {
    name: 'sync-sequence',
    schedule: 'frequent',
    afterWrite: true,
    run: (db, clock, env, trigger) => sequenceFeed(db, clock, env.sync.feedSigner, { afterWrite: trigger === 'after-write' }),
  },
  { name: 'sync-batches', schedule: 'frequent', afterWrite: false, run: (db, clock, env) => cutBatches(db, clock, env.sync) },
  { name: 'sync-watches', schedule: 'frequent', afterWrite: false, run: (db, clock, env) => matchWatches(db, clock, env.sync) },
  { name: 'sync-deliver', schedule: 'frequent', afterWrite: false, run: (db, clock, env) => deliverDue(db, clock, env.sync) },
  { name: 'seal-audit-chain', schedule: 'frequent', afterWrite: true, run: (db) => sealAll(db) },
];

/** A daily trigger runs the daily jobs and then the frequent ones (so the sweep's audit rows are sealed). */
export function jobsFor(trigger: Trigger): Job[] {
  if (trigger === 'after-write') return JOBS.filter((j) => j.afterWrite);
  if (trigger === 'frequent') return JOBS.filter((j) => j.schedule === 'frequent');
  return [...JOBS.filter((j) => j.schedule === 'daily'), ...JOBS.filter((j) => j.schedule === 'frequent')];
}

/** Runs a trigger's jobs in order; one failing job is reported and does not stop the others. Returns the failed jobs' names. */
export async function runJobs(
  db: Db,
  clock: Clock,
  trigger: Trigger,
  report: (job: string, error: Error) => void,
  env: JobEnv,
): Promise<string[]> {
  const failed: string[] = [];
  for (const job of jobsFor(trigger)) {
    try {
      await job.run(db, clock, env, trigger);
    } catch (error) {
      failed.push(job.name);
      report(job.name, error as Error);
    }
  }
  return failed;
}

export { type SweepReport, sweep } from './sweep.js';
