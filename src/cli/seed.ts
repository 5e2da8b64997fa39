import { configFromProcess } from '../config.js';
import { systemClock } from '../core/clock.js';
import { runJobs } from '../jobs/index.js';
import { openNodeDatabase } from '../runtime/database.js';
import { nodeJobEnv } from '../runtime/job-env.js';
import { seedDemo } from '../seed/demo.js';

/** `npm run seed`: loads the demo data; run twice, the second run changes nothing. */
const config = configFromProcess();
const database = await openNodeDatabase(config);
try {
  const report = await seedDemo(database.db, systemClock);
  await runJobs(database.db, systemClock, 'frequent', (job, error) => console.error(`${job}: ${error.message}`), await nodeJobEnv(config));
  console.log(
    `seeded into ${database.location}: ${report.departments} departments, ${report.subjects} subjects, ${report.records} records, ` +
      `${report.listEntries} list entries, ${report.evaluationRuns} evaluation runs, ${report.contracts} arrears contracts, ` +
      `${report.market.agencies} 中介超市 agencies, ${report.market.announcements} announcements, ${report.market.ratings} ratings added`,
  );
} finally {
  await database.close();
}
