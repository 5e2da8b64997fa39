import { systemClock } from '../core/clock.js';
import { runJobs, sweep } from '../jobs/index.js';
import { nodeJobEnv } from '../runtime/job-env.js';
import { openForCli } from './open-database.js';

/** `npm run sweep`: the daily sweep, by hand. Prints what it changed and what waits for a person. */
const { config, database } = await openForCli('sweep', { method: 'POST', path: '/api/v1/admin/sweep' });
try {
  const report = await sweep(database.db, systemClock);
  await runJobs(database.db, systemClock, 'frequent', (job, error) => console.error(`${job}: ${error.message}`), await nodeJobEnv(config));
  console.log(
    `sweep of ${report.on}: ${report.exitedEntries.length} list entries exited (expired), ` +
      `${report.endedRecords.length} records ended their display, ${report.heldRecords.length} held for a decision (obligations unmet), ` +
      `${report.tasksOpened} arrears rectification tasks opened, ` +
      `${report.overdueCommitments.length} commitments past their validity with no outcome decided`,
  );
  for (const held of report.heldRecords)
    console.log(`  held: ${held.id} ${held.documentNo} (shown until ${held.shownUntil}, department ${held.department})`);
  for (const c of report.overdueCommitments)
    console.log(`  commitment overdue: ${c.id} ${c.code} (valid until ${c.validUntil}, accepting unit ${c.acceptingUnit})`);
} finally {
  await database.close();
}
