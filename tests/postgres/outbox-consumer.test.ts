import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reopenRefusedAnswers } from '../../src/features/arrears/index.js';
import { recordsFromArrearsComplaints } from '../../src/features/records/index.js';
import { type Consumer, runConsumer } from '../../src/sync/consumers.js';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/**
 * The arrears ledger tells the credit side of a justified complaint through the outbox only; the
 * credit side records the debtor's dishonesty record exactly once, however often and however many
 * runners try, and a run that crashes halfway leaves nothing behind. On the real server, where
 * transactions really run side by side.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let finance: string;
let regulator: string;

beforeAll(async () => {
  // No after-write work: the consumer runs only when this test says so.
  h = await createHarness({ clock, deps: { afterWrite: async () => {} } });
  finance = await h.tokens.sign('finance');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'regulator:qingqian' });
});
afterAll(async () => {
  await h.close();
});

async function justifiedComplaint(documentNo: string) {
  const contract = await newContract(h, finance);
  await event(h, finance, contract.id, { type: 'delivery', on: '2026-02-02', amountFen: 100_000 });
  const filed = await h.request('POST', '/api/v1/arrears/complaints', {
    token: finance,
    body: { contractId: contract.id, content: '逾期未付' },
  });
  const answered = await h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/answer`, {
    token: regulator,
    body: { answer: '属实', justified: true, documentNo },
  });
  expect(answered.status, show(answered)).toBe(200);
  return { contract, complaint: answered.body as { id: string; creditRecordId: string } };
}

const recordsWithId = async (id: string) => (await h.db.selectFrom('credit.records').select('id').where('id', '=', id).execute()).length;

describe('arrears → credit through the outbox', () => {
  it('commits the answer with its event and no credit row; a crashed run leaves nothing; racing runners record it once', async () => {
    const { contract, complaint } = await justifiedComplaint(`沈人防清〔2026〕${Date.now()}号`);
    expect(complaint.creditRecordId).toMatch(/^rec_/);
    expect(await recordsWithId(complaint.creditRecordId)).toBe(0);
    const events = await h.db
      .selectFrom('sync.events')
      .select('payload')
      .where('type', '=', 'arrears.complaint_justified')
      .where('entity_id', '=', complaint.id)
      .execute();
    expect(events).toHaveLength(1);

    // A runner that dies after doing the work but before committing: nothing of it remains.
    const crashing: Consumer<'arrears.complaint_justified'> = {
      ...recordsFromArrearsComplaints,
      async handle(trx, e, c) {
        await recordsFromArrearsComplaints.handle(trx, e, c);
        throw new Error('power cut');
      },
    };
    const crashed = await runConsumer(h.db, crashing, clock);
    expect(crashed).toMatchObject({ done: 0, failed: [], errors: [{ eventId: expect.any(String), reason: 'power cut' }] });
    expect(await recordsWithId(complaint.creditRecordId)).toBe(0);
    expect(await h.db.selectFrom('sync.consumed').selectAll().execute()).toEqual([]);

    // Eight runners at once, then one more: one record, one mark.
    const reports = await Promise.all(Array.from({ length: 8 }, () => runConsumer(h.db, recordsFromArrearsComplaints, clock)));
    expect(reports.reduce((n, r) => n + r.done, 0)).toBe(1);
    expect((await runConsumer(h.db, recordsFromArrearsComplaints, clock)).done).toBe(0);
    expect(await recordsWithId(complaint.creditRecordId)).toBe(1);
    const record = await h.request('GET', `/api/v1/records/${complaint.creditRecordId}`, { token: regulator });
    expect(record.body).toMatchObject({
      subjectUscc: contract.debtorUscc,
      category: 'refusing_payment_or_wages',
      department: DEPT_A,
      recordedBy: 'regulator:qingqian',
    });
    expect(record.body.facts).toContain(complaint.id);
  });

  it('marks an event the credit side refuses as failed, and the ledger reopens the complaint for a new answer', async () => {
    const subject = await createSubject(h, regulator);
    const taken = `沈人防罚〔2026〕${Date.now()}号`;
    const existing = await h.request('POST', '/api/v1/records', {
      token: regulator,
      body: recordBody(subject.uscc, { documentNo: taken }),
    });
    expect(existing.status, show(existing)).toBe(201);
    const { complaint } = await justifiedComplaint(taken);
    const report = await runConsumer(h.db, recordsFromArrearsComplaints, clock);
    expect(report.failed).toEqual([{ eventId: expect.any(String), reason: expect.stringContaining(taken) }]);
    expect(await recordsWithId(complaint.creditRecordId)).toBe(0);
    const mark = await h.db
      .selectFrom('sync.consumed')
      .selectAll()
      .where('event_id', '=', report.failed[0]!.eventId)
      .executeTakeFirstOrThrow();
    expect(mark).toMatchObject({ outcome: 'failed', consumer: recordsFromArrearsComplaints.name });
    expect((await runConsumer(h.db, recordsFromArrearsComplaints, clock)).failed).toEqual([]);

    // The refusal goes back to the ledger: the complaint is open again, with the reason, and can be answered anew.
    expect((await runConsumer(h.db, reopenRefusedAnswers, clock)).done).toBe(1);
    const reopened = await h.request('GET', '/api/v1/arrears/complaints', { token: finance });
    expect(reopened.body.items.find((c: { id: string }) => c.id === complaint.id)).toMatchObject({
      answeredOn: null,
      justified: null,
      creditRecordId: null,
      creditRefusal: expect.stringContaining(taken),
    });
    const again = await h.request('POST', `/api/v1/arrears/complaints/${complaint.id}/answer`, {
      token: regulator,
      body: { answer: '属实', justified: true, documentNo: `${taken}-2` },
    });
    expect(again.status, show(again)).toBe(200);
    expect((await runConsumer(h.db, recordsFromArrearsComplaints, clock)).done).toBe(1);
    expect(await recordsWithId(again.body.creditRecordId)).toBe(1);
  });

  it('sets an unreadable event aside as failed and goes on with the next one', async () => {
    // An event written by another version, whose payload this version's catalogue does not accept.
    await h.db
      .insertInto('sync.events')
      .values({
        id: `evt_${'0'.repeat(26)}`,
        at: new Date(),
        type: 'arrears.complaint_justified',
        entity_type: 'arrears_complaint',
        entity_id: 'cpl_x',
        payload: JSON.stringify({ complaintId: 'cpl_x', unknownField: true }),
      })
      .execute();
    const { complaint } = await justifiedComplaint(`沈人防清〔2026〕${Date.now()}-p号`);
    const report = await runConsumer(h.db, recordsFromArrearsComplaints, clock);
    expect(report.failed).toContainEqual({
      eventId: `evt_${'0'.repeat(26)}`,
      reason: expect.stringContaining('does not match the catalogue'),
    });
    expect(await recordsWithId(complaint.creditRecordId)).toBe(1);
  });
});
