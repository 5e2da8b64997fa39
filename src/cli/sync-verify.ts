import { nodeJobEnv } from '../runtime/job-env.js';
import { verifyLog } from '../sync/verify-log.js';
import { openForCli } from './open-database.js';

/** `npm run sync:verify`: recomputes the feed's Merkle log from the events; prints `ok <size>` or each problem (exit 1). */
const { config, database } = await openForCli('sync:verify', { method: 'GET', path: '/api/v1/sync/log/verify' });
try {
  const { sync } = await nodeJobEnv(config);
  const result = await verifyLog(database.db, sync.feedSigner.jwks());
  if (result.problems.length === 0) {
    console.log(`ok ${result.treeSize} events, ${result.checkpoints} checkpoints verified`);
  } else {
    for (const p of result.problems.slice(0, 50)) {
      console.log(`${p.position !== undefined ? `position ${p.position}` : `tree size ${p.treeSize}`}: ${p.problem}`);
    }
    if (result.problems.length > 50) console.log(`… and ${result.problems.length - 50} more`);
    process.exitCode = 1;
  }
} finally {
  await database.close();
}
