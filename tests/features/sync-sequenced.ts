import type { Clock } from '../../src/core/clock.js';
import { PUBLIC_EVENT_TYPES } from '../../src/sync/catalogue.js';
import { sequenceFeed } from '../../src/sync/sequencer.js';
import type { Harness } from '../helpers/harness.js';

/**
 * Runs the sequencer until every public event has its feed position. On PostgreSQL it places only
 * events below the oldest running transaction of the whole cluster, so another test file's open
 * transaction (in its own database, on the same server) can hold a pass back for a moment.
 */
export async function sequenceAll(h: Harness, clock: Clock) {
  for (let pass = 0; pass < 400; pass++) {
    await sequenceFeed(h.db, clock, h.deps.sync.feedSigner);
    const waiting = await h.db
      .selectFrom('sync.events as e')
      .leftJoin('sync.feed as f', 'f.event_id', 'e.id')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('e.type', 'in', PUBLIC_EVENT_TYPES)
      .where('f.event_id', 'is', null)
      .executeTakeFirstOrThrow();
    if (Number(waiting.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('public events were still waiting for a feed position after 10 seconds');
}
