import type { Clock } from '../core/clock.js';
import type { Trigger } from '../jobs/index.js';

export type Scheduler = {
  /** Starts no more runs and waits for those under way. */
  stop(): Promise<void>;
};

/**
 * The Node service's periodic work: frequent work (outbox consumers, sealing the audit chain) every few
 * seconds; the daily work once per Shanghai date, checked every ten minutes (it is idempotent, so a
 * restart may run it again). `run` returns the names of the jobs that failed; a day whose run had a
 * failure is tried again at the next check. The timers do not keep the process alive.
 */
export function startScheduler(clock: Clock, run: (trigger: Trigger) => Promise<string[]>, options: { dailyNow: boolean }): Scheduler {
  const running = new Set<Promise<unknown>>();
  let stopped = false;
  const track = (trigger: Trigger) => {
    const work = run(trigger).finally(() => running.delete(work));
    running.add(work);
    return work;
  };
  const frequent = setInterval(() => void track('frequent'), 5000);
  frequent.unref();
  let dailyDoneOn = '';
  let dailyRunning = false;
  const daily = () => {
    const today = clock.today();
    if (stopped || today === dailyDoneOn || dailyRunning) return;
    dailyRunning = true;
    track('daily')
      .then((failed) => {
        if (failed.length === 0) dailyDoneOn = today;
      })
      .finally(() => {
        dailyRunning = false;
      });
  };
  const dailyTimer = setInterval(daily, 10 * 60_000);
  dailyTimer.unref();
  if (options.dailyNow) daily();
  return {
    async stop() {
      stopped = true;
      clearInterval(frequent);
      clearInterval(dailyTimer);
      await Promise.allSettled([...running]);
    },
  };
}
