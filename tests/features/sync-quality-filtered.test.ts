import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { sequenceAll } from './sync-sequenced.js';

/**
 * A push batch counts as the platform having received a decision only when the decision's event was in
 * it: an endpoint that asked for some event types only was never sent the others its batch spans, and
 * a watch's notification is not the platform's copy of the feed.
 */
const clock = settableClock(onDay('2026-11-03'));
let h: Harness;
let platform: string;
let position: number;
const delivered = new Date('2026-11-04T02:00:00Z');

async function endpointWith(eventTypes: string[] | null) {
  const id = newId('endpoint', delivered);
  await h.db
    .insertInto('sync.endpoints')
    .values({
      id,
      url: 'https://platform.example/hook',
      description: null,
      event_types: eventTypes,
      secret: null,
      created_by: 'admin:test',
      created_at: delivered,
      updated_at: delivered,
    })
    .execute();
  return id;
}

/** A delivered message spanning the feed from its start to past the decision's position. */
async function deliveredBatch(to: { endpoint_id: string | null; watch_id: string | null }) {
  await h.db
    .insertInto('sync.deliveries')
    .values({
      id: newId('delivery', delivered),
      ...to,
      seq: 1,
      first_position: 0,
      last_position: position + 1,
      event_count: 1,
      body: '{}',
      status: 'delivered',
      next_attempt_at: delivered,
      lease_until: null,
      last_status: 200,
      last_error: null,
      created_at: delivered,
      delivered_at: delivered,
      dead_at: null,
    })
    .execute();
}

async function timeliness() {
  const res = await h.request('GET', '/api/v1/sync/quality?from=2026-11-01&to=2026-11-20', { token: platform });
  expect(res.status, show(res)).toBe(200);
  return { res, timeliness: res.body.departments[0]?.timeliness };
}

beforeAll(async () => {
  h = await createHarness({ clock });
  platform = await h.tokens.sign('platform');
  const a = await h.tokens.sign('regulator', { dept: DEPT_A });
  const s = await createSubject(h, a);
  const record = await createRecord(h, a, s.uscc, {
    decidedOn: '2026-11-02', // deadline 11-11
    penalties: [{ type: '罚款', content: '罚款人民币二万元', amountFen: '2000000' }],
  });
  await sequenceAll(h, clock);
  const event = await h.db
    .selectFrom('sync.events as e')
    .innerJoin('sync.feed as f', 'f.event_id', 'e.id')
    .select('f.position')
    .where('e.entity_id', '=', record.id)
    .where('e.type', '=', 'record.created')
    .executeTakeFirstOrThrow();
  position = Number(event.position);
  clock.set(onDay('2026-11-20'));
});
afterAll(() => h.close());

describe('quality: which push batches carried a decision', () => {
  it('does not count a batch to an endpoint filtered to other event types, nor a watch notification', async () => {
    await deliveredBatch({ endpoint_id: await endpointWith(['list_entry.proposed', 'list_entry.voided']), watch_id: null });
    const watch = newId('watch', delivered);
    await h.db
      .insertInto('sync.watches')
      .values({
        id: watch,
        owner_sub: 'platform:test',
        owner_role: 'platform',
        url: 'https://platform.example/watch',
        description: null,
        secret: null,
        status: 'active',
        cursor: -1,
        subject_count: 0,
        created_at: delivered,
        updated_at: delivered,
      })
      .execute();
    await deliveredBatch({ endpoint_id: null, watch_id: watch });
    const { res, timeliness: t } = await timeliness();
    expect(t, show(res)).toEqual({ onTime: 0, late: 1, pending: 0, share: '0.00', meetsTarget: false });
  });

  it('counts a batch to an endpoint that asked for the decision’s event type', async () => {
    await deliveredBatch({ endpoint_id: await endpointWith(['list_entry.proposed', 'record.created']), watch_id: null });
    const { res, timeliness: t } = await timeliness();
    expect(t, show(res)).toEqual({ onTime: 1, late: 0, pending: 0, share: '100.00', meetsTarget: true });
  });
});
