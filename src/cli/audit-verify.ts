import { verifyChain } from '../audit/chain.js';
import { openForCli } from './open-database.js';

/** `npm run audit:verify`: prints `ok <rows>` or the first broken row (exit 1). */
const { database } = await openForCli('audit:verify', { method: 'GET', path: '/api/v1/admin/audit/verify' });
try {
  const result = await verifyChain(database.db);
  if (result.ok) {
    console.log(`ok ${result.rows}${result.pending ? ` (${result.pending} entries not yet sealed)` : ''}`);
  } else {
    console.log(
      `broken at seq ${result.brokenAt.seq} (entry ${result.brokenAt.entryId}): ${result.brokenAt.reason}; ${result.rows} rows verified before it`,
    );
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
