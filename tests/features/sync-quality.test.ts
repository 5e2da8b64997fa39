import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { sequenceAll } from './sync-sequenced.js';

/**
 * The quality report: per department, how many 行政处罚 decisions reached the platform within 7
 * working days (counted on the registry's calendar: National Day 2026 is 10/1–10/7, 10/10 a make-up
 * working day), by a feed page the platform read or a push batch it acknowledged, and how complete
 * their mandatory fields are.
 */
const clock = settableClock(onDay('2026-11-03'));
let h: Harness;
let platform: string;
const fine = (amountFen?: string) => [{ type: '罚款', content: '罚款人民币二万元', ...(amountFen ? { amountFen } : {}) }];

beforeAll(async () => {
  h = await createHarness({ clock });
  platform = await h.tokens.sign('platform');
  const now = new Date();
  for (const [uscc, name] of [
    [DEPT_A, '沈阳市人民防空办公室'],
    [DEPT_B, '沈阳市住房和城乡建设局'],
  ] as const) {
    await h.db
      .insertInto('credit.departments')
      .values({ id: newId('department', now), uscc, name, region: '210100', sector: 'test', created_at: now })
      .execute();
  }
  const a = await h.tokens.sign('regulator', { dept: DEPT_A });
  const b = await h.tokens.sign('regulator', { dept: DEPT_B });
  const s = await createSubject(h, a);

  // Recorded on 11-03 and read by the platform on 11-04.
  await createRecord(h, a, s.uscc, { decidedOn: '2026-11-02', penalties: fine('2000000') }); // deadline 11-11: on time
  await createRecord(h, a, s.uscc, { decidedOn: '2026-10-01', penalties: fine() }); // deadline 10-15: late, and no amount
  await createRecord(h, a, s.uscc, { severity: 'minor', penalties: [{ type: '警告' }], decidedOn: '2026-11-02' }); // not public: not shared
  await sequenceAll(h, clock);
  clock.set(onDay('2026-11-04'));
  const read = await h.request('GET', '/api/v1/sync/feed?limit=1000', { token: platform });
  expect(read.status, show(read)).toBe(200);

  // Recorded after the platform's last read: never reached.
  clock.set(onDay('2026-11-19'));
  await createRecord(h, a, s.uscc, { decidedOn: '2026-09-01', penalties: fine('1') }); // deadline 09-10 passed: late
  await createRecord(h, a, s.uscc, { decidedOn: '2026-11-18', penalties: fine('1') }); // deadline 11-27: pending

  // Department B: a decision of 09-30 pushed to a platform endpoint, acknowledged on 10-15 (its deadline).
  clock.set(onDay('2026-10-15'));
  const pushed = await createRecord(h, b, s.uscc, { decidedOn: '2026-09-30', penalties: fine('500') });
  await sequenceAll(h, clock);
  const event = await h.db
    .selectFrom('sync.events as e')
    .innerJoin('sync.feed as f', 'f.event_id', 'e.id')
    .select('f.position')
    .where('e.entity_id', '=', pushed.id)
    .where('e.type', '=', 'record.created')
    .executeTakeFirstOrThrow();
  const at = new Date('2026-10-15T09:00:00Z');
  await h.db
    .insertInto('sync.endpoints')
    .values({
      id: newId('endpoint', at),
      url: 'https://platform.example/hook',
      description: null,
      event_types: null,
      secret: null,
      created_by: 'admin:test',
      created_at: at,
      updated_at: at,
    })
    .execute();
  const endpoint = await h.db.selectFrom('sync.endpoints').select('id').executeTakeFirstOrThrow();
  for (const [status, delivered] of [
    ['dead', null],
    ['delivered', at],
  ] as const) {
    await h.db
      .insertInto('sync.deliveries')
      .values({
        id: newId('delivery', at),
        endpoint_id: endpoint.id,
        watch_id: null,
        seq: status === 'dead' ? 1 : 2,
        first_position: event.position,
        last_position: event.position,
        event_count: 1,
        body: '{}',
        status,
        next_attempt_at: at,
        lease_until: null,
        last_status: 200,
        last_error: null,
        created_at: at,
        delivered_at: delivered,
        dead_at: status === 'dead' ? at : null,
      })
      .execute();
  }
  clock.set(onDay('2026-11-20'));
});
afterAll(() => h.close());

describe('GET /api/v1/sync/quality', () => {
  it('counts, per department, the decisions on time, late and pending, and the complete ones, against 95%', async () => {
    const res = await h.request('GET', '/api/v1/sync/quality?from=2026-09-01&to=2026-11-20', { token: platform });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ from: '2026-09-01', to: '2026-11-20', asOf: '2026-11-20', workdays: 7, targetPercent: '95' });
    expect(res.body.departments, show(res)).toEqual([
      {
        department: DEPT_A,
        departmentName: '沈阳市人民防空办公室',
        decisions: 4,
        timeliness: { onTime: 1, late: 2, pending: 1, share: '33.33', meetsTarget: false },
        completeness: { complete: 3, share: '75.00', meetsTarget: false, missingFields: [{ field: 'CF_NR_FK', count: 1 }] },
      },
      {
        department: DEPT_B,
        departmentName: '沈阳市住房和城乡建设局',
        decisions: 1,
        timeliness: { onTime: 1, late: 0, pending: 0, share: '100.00', meetsTarget: true },
        completeness: { complete: 1, share: '100.00', meetsTarget: true, missingFields: [] },
      },
    ]);
  });

  it('counts only decisions decided in the range, by default from 1 January to today', async () => {
    const narrow = await h.request('GET', '/api/v1/sync/quality?from=2026-11-02&to=2026-11-02', { token: platform });
    expect(narrow.status, show(narrow)).toBe(200);
    expect(narrow.body.departments).toEqual([
      expect.objectContaining({
        department: DEPT_A,
        decisions: 1,
        timeliness: { onTime: 1, late: 0, pending: 0, share: '100.00', meetsTarget: true },
      }),
    ]);
    const year = await h.request('GET', '/api/v1/sync/quality', { token: platform });
    expect(year.body).toMatchObject({ from: '2026-01-01', to: '2026-11-20' });
    expect(year.body.departments.map((d: { decisions: number }) => d.decisions)).toEqual([4, 1]);
    const bad = await h.request('GET', '/api/v1/sync/quality?from=2026-11-03&to=2026-11-02', { token: platform });
    expect(bad.status, show(bad)).toBe(400);
  });

  it('is for the platform, the admin and a reviewer', async () => {
    for (const [role, status] of [
      ['admin', 200],
      ['reviewer', 200],
      ['regulator', 403],
      ['applicant', 403],
    ] as const) {
      const res = await h.request('GET', '/api/v1/sync/quality', { token: await h.tokens.sign(role, { dept: DEPT_A }) });
      expect(res.status, `${role}: ${show(res)}`).toBe(status);
    }
  });
});
