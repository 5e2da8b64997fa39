import type { Clock } from '../core/clock.js';
import { CONSOLE_LOG, type Logger } from '../core/logger.js';
import type { Db } from '../db/types.js';
import { cutBatches } from '../sync/delivery/batches.js';
import { deliverDue } from '../sync/delivery/worker.js';
import type { SyncEnv } from '../sync/env.js';
import { sequenceFeed } from '../sync/sequencer.js';
import { matchWatches } from '../sync/watch-matcher.js';

/**
 * Continuous push delivery on Node (issue 11: a new event reaches a healthy endpoint within seconds of
 * its commit). One pass places new events in the feed, cuts them into batches per endpoint and per
 * watch, and delivers what is due; the next pass starts `intervalMs` after the previous one ended, so
 * passes never overlap within a process (other processes may run their own loop: claims skip what
 * another holds). A failing step is logged and the pass goes on; the next pass retries it.
 */
export type SyncPassReport = {
  placed: number;
  batches: number;
  notifications: number;
  delivered: number;
  retried: number;
  dead: number;
  errors: string[];
};

export async function syncPass(db: Db, clock: Clock, env: SyncEnv): Promise<SyncPassReport> {
  const report: SyncPassReport = { placed: 0, batches: 0, notifications: 0, delivered: 0, retried: 0, dead: 0, errors: [] };
  const step = async (name: string, run: () => Promise<void>) => {
    try {
      await run();
    } catch (error) {
      report.errors.push(`${name}: ${(error as Error).message}`);
    }
  };
  await step('sync-sequence', async () => {
    report.placed = (await sequenceFeed(db, clock, env.feedSigner)).placed;
  });
  await step('sync-batches', async () => {
    report.batches = (await cutBatches(db, clock, env)).batches;
  });
  await step('sync-watches', async () => {
    report.notifications = (await matchWatches(db, clock, env)).notifications;
  });
  await step('sync-deliver', async () => {
    Object.assign(report, await deliverDue(db, clock, env));
  });
  return report;
}

export type SyncLoop = {
  /** Stops scheduling passes and waits for the one running, if any. */
  stop(): Promise<void>;
};

export type SyncLoopOptions = {
  intervalMs: number;
  /** Where passes and failures are logged (default: JSON on the console). */
  log?: Logger;
  /** Told of every pass (default: logs the passes that did or met something). */
  onPass?: (report: SyncPassReport) => void;
  /** false inside a service whose HTTP listener keeps the process alive anyway; true for `npm run sync`. */
  keepProcessAlive?: boolean;
};

export function startSyncLoop(db: Db, clock: Clock, env: SyncEnv, options: SyncLoopOptions): SyncLoop {
  const { intervalMs, log = CONSOLE_LOG, onPass = passLogger(log), keepProcessAlive = true } = options;
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running: Promise<void> = Promise.resolve();
  const tick = () => {
    running = syncPass(db, clock, env)
      .then(onPass, (error: Error) => log.error({ job: 'sync-loop', err: error }, 'sync pass failed'))
      .finally(() => {
        if (stopped) return;
        timer = setTimeout(tick, intervalMs);
        if (!keepProcessAlive) timer.unref();
      });
  };
  tick();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}

/** Logs a pass only when it did or met something, so an idle service stays quiet. */
export function passLogger(log: Logger): (report: SyncPassReport) => void {
  return (report) => {
    for (const error of report.errors) log.warn({ job: 'sync-loop', error }, 'sync step failed');
    const { errors, ...counts } = report;
    if (Object.values(counts).some((n) => n > 0)) log.info({ job: 'sync-loop', ...counts }, 'sync pass');
  };
}

/** `npm run sync`'s pass log: JSON lines on the console. */
export const logPass = passLogger(CONSOLE_LOG);
