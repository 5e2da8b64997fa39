import { configFromProcess } from '../config.js';
import { verifyLedger } from '../features/arrears/index.js';
import { openNodeDatabase } from '../runtime/database.js';

/** `npm run ledger:verify`: prints `ok <postings> postings, <contracts> contracts` or the problems (exit 1). */
const config = configFromProcess();
const database = await openNodeDatabase(config);
try {
  const result = await verifyLedger(database.db);
  if (result.problems.length === 0) console.log(`ok ${result.postings} postings, ${result.contracts} contracts`);
  else {
    console.log(result.problems.join('\n'));
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
