import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SWEEP_PAGE } from '../../src/features/records/lifecycle.js';
import { sweep } from '../../src/jobs/sweep.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

const count = async (table: 'audit.entries' | 'sync.events') =>
  Number((await h.db.selectFrom(table).select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow()).n);

describe('the daily sweep', () => {
  it("exits expired entries and ends records' display, holds unmet obligations, and changes nothing the second time", async () => {
    clock.set(onDay('2026-11-20'));
    const { uscc } = await createSubject(h, deptA);
    // A minor record of 2026-08-01 is shown until 2026-11-01; a general one held for unmet obligations.
    const minor = await createRecord(h, deptA, uscc, { severity: 'minor', decidedOn: '2026-08-01' });
    const held = await createRecord(h, deptA, uscc, { severity: 'minor', decidedOn: '2026-08-02', obligationsUnmet: true });
    const serious = await createRecord(h, deptA, uscc, { severity: 'serious', decidedOn: '2026-11-02' });
    const entry = await proposeEntry(h, deptA, {
      subjectUscc: uscc,
      list: 'black',
      reason: 'r',
      basis: 'b',
      recordIds: [serious.id],
      validUntil: '2026-12-10',
    });
    await transition(h, deptA, entry.id, 'notify');
    clock.set(onDay('2026-11-30'));
    const pub = await h.request('POST', `/api/v1/list-entries/${entry.id}/transitions`, {
      token: await h.tokens.sign('reviewer', { dept: DEPT_A }),
      body: { action: 'publish', reason: 'p' },
    });
    expect(pub.status, show(pub)).toBe(200);

    clock.set(onDay('2026-12-11'));
    const first = await sweep(h.db, clock);
    expect(first.exitedEntries).toContain(entry.id);
    expect(first.endedRecords).toContain(minor.id);
    expect(first.endedRecords).not.toContain(held.id);
    expect(first.heldRecords.map((r) => r.id)).toContain(held.id);
    const exited = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA });
    expect(exited.body).toMatchObject({ state: 'exited', exitReason: 'expired', exitedOn: '2026-12-11' });
    expect((await h.request('GET', `/api/v1/records/${minor.id}`, { token: deptA })).body).toMatchObject({
      endReason: 'expired',
      endedOn: '2026-11-02',
    });

    const audits = await count('audit.entries');
    const events = await count('sync.events');
    const second = await sweep(h.db, clock);
    expect(second.exitedEntries).toEqual([]);
    expect(second.endedRecords).toEqual([]);
    expect(second.heldRecords.map((r) => r.id)).toEqual(first.heldRecords.map((r) => r.id));
    expect(await count('audit.entries')).toBe(audits);
    expect(await count('sync.events')).toBe(events);

    // The held record still counts, and waits in the list until a person ends it.
    const evaluation = await h.request('GET', `/api/v1/subjects/${uscc}/evaluation`, { token: deptA });
    expect(evaluation.body.lines.map((l: { recordId: string }) => l.recordId)).toContain(held.id);
    const waiting = await h.request('GET', '/api/v1/records/held', { token: deptA });
    expect(waiting.body.items.map((r: { id: string }) => r.id)).toContain(held.id);
    const ended = await h.request('POST', `/api/v1/records/${held.id}/display-end`, { token: deptA, body: { reason: '义务已履行完毕' } });
    expect(ended.status, show(ended)).toBe(200);
    expect(ended.body).toMatchObject({ endReason: 'ended_by_decision', endedOn: '2026-12-11' });
    const after = await h.request('GET', `/api/v1/subjects/${uscc}/evaluation`, { token: deptA });
    expect(after.body.lines.map((l: { recordId: string }) => l.recordId)).not.toContain(held.id);
    expect((await h.request('POST', `/api/v1/records/${held.id}/display-end`, { token: deptA, body: { reason: 'again' } })).status).toBe(
      409,
    );
  });

  it('takes the due records a page at a time: every one ended once, the held ones among them left shown', async () => {
    clock.set(onDay('2026-11-20'));
    const { uscc } = await createSubject(h, deptA);
    const template = await createRecord(h, deptA, uscc, { severity: 'minor', decidedOn: '2026-07-01' });
    // Copies of the record, more than two pages of them, every seventh with its obligations unmet.
    const copies = 2 * SWEEP_PAGE + 37;
    await sql`
      INSERT INTO credit.records
      SELECT (jsonb_populate_record(NULL::credit.records, to_jsonb(r) || jsonb_build_object(
        'id', r.id || '_' || n, 'document_no', r.document_no || '-' || n,
        'shown_until', (r.shown_until + (n % 5))::text, 'obligations_unmet', n % 7 = 0))).*
      FROM credit.records r CROSS JOIN generate_series(1, ${copies}) AS n
      WHERE r.id = ${template.id}`.execute(h.db);
    const audits = await count('audit.entries');

    clock.set(onDay('2026-12-20'));
    const report = await sweep(h.db, clock);
    const heldCopies = Math.floor(copies / 7);
    const ours = (ids: string[]) => ids.filter((id) => id.startsWith(template.id));
    expect(ours(report.endedRecords)).toHaveLength(copies + 1 - heldCopies);
    expect(new Set(report.endedRecords).size, 'no record ended twice').toBe(report.endedRecords.length);
    expect(ours(report.heldRecords.map((r) => r.id))).toHaveLength(heldCopies);
    expect(await count('audit.entries'), 'one audit row for each record ended').toBe(audits + report.endedRecords.length);
    const stillShown = await h.db
      .selectFrom('credit.records')
      .select(sql<string>`count(*)`.as('n'))
      .where('id', 'like', `${template.id}%`)
      .where('end_reason', 'is', null)
      .executeTakeFirstOrThrow();
    expect(Number(stillShown.n)).toBe(heldCopies);
  });
});
