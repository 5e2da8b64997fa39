import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandDays } from '../../src/lib/workdays.js';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * December 2026: 2027 has no official table yet, so deadlines reaching into it are counted on the
 * provisional table (domain §7) and say so; when the admin loads the official table, the open ones are
 * recounted and the later date stands, audited.
 */
const clock = settableClock(onDay('2026-12-24'));
let h: Harness;
let finance: string;
let admin: string;
beforeAll(async () => {
  h = await createHarness({ clock });
  finance = await h.tokens.sign('finance', { sub: 'finance:recount' });
  admin = await h.tokens.sign('admin', { sub: 'admin:calendar' });
});
afterAll(async () => {
  await h.close();
});

// An official 2027 table, invented for the test so that it differs from the provisional one both ways:
// an extra day off on Thursday 1/7 (dates move later), make-up Saturdays 1/23 and 2/13 and a shorter
// Spring Festival 2/5–2/11 (dates would move earlier, so the provisional ones stand).
const OFFICIAL_2027 = {
  holidays: expandDays(['2027-01-01..2027-01-03', '2027-01-07', '2027-02-05..2027-02-11']),
  workdays: ['2027-01-23', '2027-02-13'],
};

const contractDetail = async (id: string) => (await h.request('GET', `/api/v1/arrears/contracts/${id}`, { token: finance })).body;

describe('deadlines counted on a provisional table', () => {
  it('answers across the year end, marked provisional, and recounts the open ones when the official table is loaded', async () => {
    const add = await h.request('GET', '/api/v1/calendar/add?from=2026-12-31&workdays=1');
    expect(add.status, show(add)).toBe(200);
    // Thursday 12/31 + 1 working day: provisional 元旦 block Fri 1/1 – Sun 1/3 → Monday 2027-01-04.
    expect(add.body).toEqual({ date: '2027-01-04', provisional: true });

    const filed = await h.request('POST', '/api/v1/arrears/complaints', {
      token: finance,
      body: { contractId: (await newContract(h, finance)).id, content: '逾期未付', receivedOn: '2026-12-24' },
    });
    expect(filed.status, show(filed)).toBe(201);
    // Transfer: 12/25, 12/28, 12/29, 12/30, 12/31 (5), 1/4, 1/5, 1/6, 1/7, 1/8 (10) → 2027-01-08.
    // Answer: 12/24 + 30 days = Saturday 2027-01-23 → Monday 1/25.
    expect(filed.body).toMatchObject({ transferDueOn: '2027-01-08', answerDueOn: '2027-01-25', deadlinesProvisional: true });

    const early = await h.request('POST', '/api/v1/arrears/complaints', {
      token: finance,
      body: { contractId: (await newContract(h, finance)).id, content: '逾期未付', receivedOn: '2026-11-02' },
    });
    // 11/2 + 10 working days → 11/16; 11/2 + 30 days → Wednesday 12/2: all in 2026, nothing provisional.
    expect(early.body).toMatchObject({ transferDueOn: '2026-11-16', answerDueOn: '2026-12-02', deadlinesProvisional: false });

    const plain = await newContract(h, finance);
    // Delivery 12/8 + 30 days → Thursday 2027-01-07 (a working day on the provisional table).
    await event(h, finance, plain.id, { type: 'delivery', on: '2026-12-08', amountFen: 100_000 });
    const inspected = await newContract(h, finance, { inspectionPeriodDays: 20 });
    // Delivery 12/18 + 20 days → inspection period ends Thursday 1/7; the clock starts then (never inspected):
    // 1/7 + 30 days → Saturday 2/6, inside the provisional Spring Festival (2/5–2/12) → Monday 2/15.
    await event(h, finance, inspected.id, { type: 'delivery', on: '2026-12-18', amountFen: 100_000 });
    expect((await contractDetail(plain.id)).obligations[0]).toMatchObject({ dueOn: '2027-01-07', deadlinesProvisional: true });
    expect((await contractDetail(inspected.id)).obligations[0]).toMatchObject({
      inspectionDeadline: '2027-01-07',
      dueOn: '2027-02-15',
      deadlinesProvisional: true,
    });

    const put = await h.request('PUT', '/api/v1/calendar/2027', { token: admin, body: OFFICIAL_2027 });
    expect(put.status, show(put)).toBe(200);
    expect(put.body).toMatchObject({ year: 2027, status: 'official', replacedProvisional: true });
    const obligationOf = async (id: string) => (await contractDetail(id)).obligations[0].id as string;
    expect(put.body.recounted).toEqual(
      expect.arrayContaining([
        // Official: …1/6 (8), 1/7 off, 1/8 (9), 1/11 (10) → later, so it moves.
        {
          entityType: 'arrears_complaint',
          entityId: filed.body.id,
          field: 'transferDueOn',
          was: '2027-01-08',
          recounted: '2027-01-11',
          stands: '2027-01-11',
        },
        // Official: Saturday 1/23 is worked → earlier, so the provisional 1/25 stands.
        {
          entityType: 'arrears_complaint',
          entityId: filed.body.id,
          field: 'answerDueOn',
          was: '2027-01-25',
          recounted: '2027-01-23',
          stands: '2027-01-25',
        },
        // Official: 1/7 is off → Friday 1/8.
        {
          entityType: 'arrears_obligation',
          entityId: await obligationOf(plain.id),
          field: 'dueOn',
          was: '2027-01-07',
          recounted: '2027-01-08',
          stands: '2027-01-08',
        },
        // Official: the inspection period ends on 1/7, a day off → 1/8; 1/8 + 30 days → Sunday 2/7, off → Friday 2/12,
        // earlier than 2/15, which stands.
        {
          entityType: 'arrears_obligation',
          entityId: await obligationOf(inspected.id),
          field: 'inspectionDeadline',
          was: '2027-01-07',
          recounted: '2027-01-08',
          stands: '2027-01-08',
        },
        {
          entityType: 'arrears_obligation',
          entityId: await obligationOf(inspected.id),
          field: 'dueOn',
          was: '2027-02-15',
          recounted: '2027-02-12',
          stands: '2027-02-15',
        },
      ]),
    );
    expect(put.body.recounted).toHaveLength(5);

    const complaints = (await h.request('GET', '/api/v1/arrears/complaints', { token: finance })).body.items;
    expect(complaints.find((c: { id: string }) => c.id === filed.body.id)).toMatchObject({
      transferDueOn: '2027-01-11',
      answerDueOn: '2027-01-25',
      deadlinesProvisional: false,
    });
    expect((await contractDetail(plain.id)).obligations[0]).toMatchObject({ dueOn: '2027-01-08', deadlinesProvisional: false });
    expect((await contractDetail(inspected.id)).obligations[0]).toMatchObject({
      inspectionDeadline: '2027-01-08',
      clockStartsOn: '2027-01-08',
      dueOn: '2027-02-15',
      deadlinesProvisional: false,
    });
    expect((await h.request('GET', '/api/v1/calendar/add?from=2026-12-31&workdays=1')).body).toEqual({
      date: '2027-01-04',
      provisional: false,
    });
    expect((await h.request('GET', '/api/v1/calendar/2027')).body).toMatchObject({ status: 'official', ...OFFICIAL_2027 });

    const audit = await h.db
      .selectFrom('audit.entries')
      .select(['action', 'entity_id', 'actor'])
      .where('action', 'in', ['arrears.complaint.recount', 'arrears.obligation.recount'])
      .execute();
    expect(audit).toHaveLength(3);
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'arrears.complaint.recount', entity_id: filed.body.id, actor: 'admin:calendar' },
        { action: 'arrears.obligation.recount', entity_id: await obligationOf(plain.id), actor: 'admin:calendar' },
        { action: 'arrears.obligation.recount', entity_id: await obligationOf(inspected.id), actor: 'admin:calendar' },
      ]),
    );

    // Loading the official table again replaces it; nothing was provisional any more.
    const again = await h.request('PUT', '/api/v1/calendar/2027', { token: admin, body: OFFICIAL_2027 });
    expect(again.body).toMatchObject({ replacedProvisional: false, recounted: [] });
  });
});
