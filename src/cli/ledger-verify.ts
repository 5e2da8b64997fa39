import { verifyLedger } from '../features/arrears/index.js';
import { openForCli } from './open-database.js';

/** `npm run ledger:verify`: prints `ok <postings> postings, <contracts> contracts` or the problems (exit 1). */
const { database } = await openForCli('ledger:verify', { method: 'GET', path: '/api/v1/admin/ledger/verify' });
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
