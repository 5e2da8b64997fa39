import { configFromProcess } from '../config.js';
import { systemClock } from '../core/clock.js';
import { runJobs, sweep } from '../jobs/index.js';
import { openNodeDatabase } from '../runtime/database.js';

/** `npm run sweep`: the daily sweep, by hand. Prints what it changed and what waits for a person. */
const config = configFromProcess();
const database = await openNodeDatabase(config);
try {
  const report = await sweep(database.db, systemClock);
  await runJobs(database.db, systemClock, 'frequent', (job, error) => console.error(`${job}: ${error.message}`));
  console.log(
    `sweep of ${report.on}: ${report.exitedEntries.length} list entries exited (expired), ` +
      `${report.endedRecords.length} records ended their display, ${report.heldRecords.length} held for a decision (obligations unmet), ` +
      `${report.tasksOpened} arrears rectification tasks opened`,
  );
  for (const held of report.heldRecords)
    console.log(`  held: ${held.id} ${held.documentNo} (shown until ${held.shownUntil}, department ${held.department})`);
} finally {
  await database.close();
}
