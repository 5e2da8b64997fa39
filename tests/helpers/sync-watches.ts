import type { Clock } from '../../src/core/clock.js';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import { matchWatches } from '../../src/sync/watch-matcher.js';
import type { Harness } from './harness.js';
import { waitUntil } from './platform-server.js';

/**
 * Sequences until every public event written so far has its feed position. The sequencer places only
 * events older than every running transaction on the server, so on a PostgreSQL shared with other test
 * files one pass may place only part of them.
 */
export async function sequenceAll(h: Harness, clock: Clock) {
  const written = await h.db
    .selectFrom('sync.events')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('type', 'in', PUBLIC_EVENT_TYPES)
    .executeTakeFirstOrThrow();
  let size = 0;
  await waitUntil(
    async () => {
      size = (await sequenceFeed(h.db, clock, h.deps.sync.feedSigner)).treeSize;
      return size >= Number(written.n);
    },
    () => `the feed holds ${size} of ${written.n} public events`,
  );
}

/** What the job list does each pass: place new events in the feed, then match watches. */
export async function pump(h: Harness, clock: Clock) {
  await sequenceAll(h, clock);
  await matchWatches(h.db, clock, h.deps.sync);
}
