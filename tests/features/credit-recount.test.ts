import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * Issue 9 #10 on the credit side: deadlines counted into 2027 on its provisional table are recounted
 * when the official table is loaded, and the later date stands.
 * Provisional 2027 (domain §7): 元旦 Fri 1/1 off, no make-up days. Say the official table also gives Mon 1/4.
 */
const clock = settableClock(onDay('2026-12-28'));
let h: Harness;
let dept: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  dept = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

describe('recounting credit deadlines on an official table', () => {
  it('moves a statement window, a forwarding and a repair deadline later, never earlier, and audits it', async () => {
    const { uscc } = await createSubject(h, dept);
    const subject = await h.tokens.sign('subject', { uscc });
    const record = await createRecord(h, dept, uscc, { severity: 'serious', decidedOn: '2026-12-01' });
    const proposed = await proposeEntry(h, dept, { subjectUscc: uscc, list: 'black', recordIds: [record.id], validUntil: '2027-12-31' });
    // Notified Mon 2026-12-28: 12/29, 12/30, 12/31, (1/1 off, weekend) 1/4, 1/5 → due 2027-01-05 (provisional).
    const notified = await transition(h, dept, proposed.id, 'notify');
    expect(notified.dueOn).toBe('2027-01-05');
    expect((await h.request('GET', `/api/v1/list-entries/${proposed.id}`, { token: dept })).body.deadlinesProvisional).toBe(true);
    clock.set(onDay('2026-12-31'));
    // Filed Thu 12/31: 1 working day → Mon 2027-01-04 (provisional).
    const objection = await h.request('POST', '/api/v1/objections', {
      token: subject,
      body: { target: 'record', targetId: record.id, grounds: '事实有误' },
    });
    expect(objection.body.forwardDueOn, show(objection)).toBe('2027-01-04');
    expect(objection.body.deadlinesProvisional).toBe(true);

    // Applied Thu 12/31 for a record repairable long since: 3 working days → 1/4, 1/5, 1/6 (provisional).
    const old = await createRecord(h, dept, uscc, { decidedOn: '2025-06-02' });
    const repair = await h.request('POST', '/api/v1/repairs', {
      token: subject,
      body: { target: 'record', targetId: old.id, commitment: '已整改' },
    });
    expect(repair.body, show(repair)).toMatchObject({ dueOn: '2027-01-06', deadlinesProvisional: true });
    const admin = await h.tokens.sign('admin');
    const loaded = await h.request('PUT', '/api/v1/calendar/2027', {
      token: admin,
      body: { holidays: ['2027-01-01', '2027-01-04'], workdays: [] },
    });
    expect(loaded.status, show(loaded)).toBe(200);
    // Official: 12/29, 12/30, 12/31, 1/5, 1/6 → 2027-01-06; forwarding: 1/5.
    expect((await h.request('GET', `/api/v1/list-entries/${proposed.id}`, { token: dept })).body).toMatchObject({
      dueOn: '2027-01-06',
      deadlinesProvisional: false,
    });
    expect((await h.request('GET', `/api/v1/objections/${objection.body.id}`, { token: dept })).body).toMatchObject({
      forwardDueOn: '2027-01-05',
      deadlinesProvisional: false,
    });
    // Official: 1/5, 1/6, 1/7.
    expect((await h.request('GET', `/api/v1/repairs/${repair.body.id}`, { token: dept })).body).toMatchObject({
      dueOn: '2027-01-07',
      deadlinesProvisional: false,
    });
    const audits = await h.db
      .selectFrom('audit.entries')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['list_entry.recount', 'objection.recount', 'repair.recount'])
      .execute();
    expect(audits.map((a) => a.entity_id).sort()).toEqual([objection.body.id, proposed.id, repair.body.id].sort());
  });
});
