import { sealAll } from '../audit/chain.js';
import { configFromProcess } from '../config.js';
import { sweep } from '../features/sweep/service.js';
import { systemClock } from '../lib/clock.js';
import { openNodeDatabase } from '../runtime/database.js';

/** `npm run sweep`: the daily sweep, by hand. Prints what it changed and what waits for a person. */
const config = configFromProcess();
const database = await openNodeDatabase(config);
try {
  const report = await sweep(database.db, systemClock);
  await sealAll(database.db);
  console.log(`sweep of ${report.on}: ${report.exitedEntries.length} list entries exited (expired), ` +
    `${report.endedRecords.length} records ended their display, ${report.heldRecords.length} held for a decision (obligations unmet), ` +
    `${report.tasksOpened} arrears rectification tasks opened`);
  for (const held of report.heldRecords) console.log(`  held: ${held.id} ${held.documentNo} (shown until ${held.shownUntil}, department ${held.department})`);
} finally {
  await database.close();
}
