import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B, publishedEntry } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let deptB: string;
let reviewer: string;
let platform: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_B });
  platform = await h.tokens.sign('platform', { sub: 'platform:city' });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

async function subject() {
  const { uscc } = await createSubject(h, deptA);
  return { uscc, token: await h.tokens.sign('subject', { uscc }) };
}

const file = (token: string, target: string, targetId: string) =>
  h.request('POST', '/api/v1/objections', {
    token,
    body: { target, targetId, grounds: '认定事实有误：报告系他人冒用本单位名义出具', evidence: [] },
  });

describe('objections', () => {
  it('upheld against a published entry voids it: exited as objection_upheld, and the status proof says never listed', async () => {
    const s = await subject();
    const rec = await createRecord(h, deptA, s.uscc, { severity: 'serious', decidedOn: '2026-11-02' });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      {
        subjectUscc: s.uscc,
        list: 'black',
        reason: 'r',
        basis: 'b',
        recordIds: [rec.id],
        validUntil: '2027-11-19',
        publishOn: '2026-11-30',
      },
    );

    clock.set(onDay('2026-12-01'));
    const filed = await file(s.token, 'listEntry', entry.id);
    expect(filed.status, show(filed)).toBe(201);
    expect(filed.body).toMatchObject({ state: 'filed', forwardDueOn: '2026-12-02', department: DEPT_A });
    expect(
      (await h.request('POST', `/api/v1/objections/${filed.body.id}/decision`, { token: deptA, body: { decision: 'upheld', reason: 'x' } }))
        .status,
    ).toBe(409);
    const forwarded = await h.request('POST', `/api/v1/objections/${filed.body.id}/forward`, { token: platform });
    expect(forwarded.body).toMatchObject({ state: 'forwarded', decideDueOn: '2026-12-10' });
    expect(
      (await h.request('POST', `/api/v1/objections/${filed.body.id}/decision`, { token: deptB, body: { decision: 'upheld', reason: 'x' } }))
        .status,
    ).toBe(403);
    clock.set(onDay('2026-12-03'));
    const decided = await h.request('POST', `/api/v1/objections/${filed.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '经核实系冒用' },
    });
    expect(decided.status, show(decided)).toBe(200);

    const read = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA });
    expect(read.body).toMatchObject({ state: 'exited', exitReason: 'objection_upheld', voided: true });
    const status = (await h.request('GET', `/api/v1/public/subjects/${s.uscc}/status?on=2026-12-01`)).body.status;
    expect(status.black).toBe(false);
    expect(status.voidedEntries).toEqual([expect.objectContaining({ id: entry.id, note: expect.stringContaining('never listed') })]);
    const check = await h.request('POST', '/api/v1/checks', { token: deptA, body: { usccs: [s.uscc], asOf: '2026-12-01' } });
    expect(check.body.results[0].listEntries).toEqual([]);
  });

  it('lets anyone object to a public record, and only the subject to one that is not public', async () => {
    const s = await subject();
    const general = await createRecord(h, deptA, s.uscc, { severity: 'general', decidedOn: '2026-10-01' });
    const minor = await createRecord(h, deptA, s.uscc, { severity: 'minor', decidedOn: '2026-10-01' });
    const applicant = await h.tokens.sign('applicant', { sub: 'applicant:someone' });
    expect((await file(applicant, 'record', general.id)).status).toBe(201);
    expect((await file(applicant, 'record', minor.id)).status).toBe(403);
    const own = await file(s.token, 'record', minor.id);
    expect(own.status).toBe(201);
    await h.request('POST', `/api/v1/objections/${own.body.id}/forward`, { token: platform });
    await h.request('POST', `/api/v1/objections/${own.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '认定错误' },
    });
    const record = await h.request('GET', `/api/v1/records/${minor.id}`, { token: deptA });
    expect(record.body).toMatchObject({ endReason: 'voided', voidedOn: '2026-11-20' });
    const evaluation = await h.request('GET', `/api/v1/subjects/${s.uscc}/evaluation?asOf=2026-10-15`, { token: deptA });
    expect(evaluation.body.lines.map((l: { recordId: string }) => l.recordId)).not.toContain(minor.id);
  });

  it('lists overdue objections for supervisors, and records an extension with its reason', async () => {
    const s = await subject();
    const rec = await createRecord(h, deptA, s.uscc, { severity: 'general', decidedOn: '2026-10-01' });
    const late = await file(s.token, 'record', rec.id); // forward due 11/23
    const forwarded = await file(s.token, 'record', rec.id);
    await h.request('POST', `/api/v1/objections/${forwarded.body.id}/forward`, { token: platform }); // decide due 12/01
    clock.set(onDay('2026-11-24'));
    const overdue = async () =>
      (await h.request('GET', '/api/v1/objections?overdue=true', { token: reviewer })).body.items.map((o: { id: string }) => o.id);
    expect(await overdue()).toContain(late.body.id);
    expect(await overdue()).not.toContain(forwarded.body.id);
    const extended = await h.request('POST', `/api/v1/objections/${forwarded.body.id}/extension`, {
      token: deptA,
      body: { reason: '需现场核查', newDueOn: '2026-12-15' },
    });
    expect(extended.body).toMatchObject({ decideDueOn: '2026-12-15', extensionReason: '需现场核查' });
    clock.set(onDay('2026-12-02'));
    expect(await overdue()).not.toContain(forwarded.body.id);
    const theirs = await h.request('GET', '/api/v1/objections?overdue=true', { token: deptB });
    expect(theirs.body.items.map((o: { id: string }) => o.id)).not.toContain(late.body.id);
  });

  it('reopens a rejected repair when an objection to it is upheld', async () => {
    const s = await subject();
    const rec = await createRecord(h, deptA, s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const repair = await h.request('POST', '/api/v1/repairs', {
      token: s.token,
      body: { target: 'record', targetId: rec.id, commitment: '承诺', evidence: [] },
    });
    await h.request('POST', `/api/v1/repairs/${repair.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    await h.request('POST', `/api/v1/repairs/${repair.body.id}/decision`, {
      token: deptA,
      body: { decision: 'reject', reason: '材料不足' },
    });
    const objection = await file(s.token, 'repair', repair.body.id);
    expect(objection.status, show(objection)).toBe(201);
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: platform });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '材料齐全' },
    });
    const reopened = await h.request('GET', `/api/v1/repairs/${repair.body.id}`, { token: s.token });
    expect(reopened.body).toMatchObject({ state: 'accepted', dueOn: '2026-12-01' });
  });

  it('keeps the extra 10 working days when a complex repair is reopened', async () => {
    const s = await subject();
    const rec = await createRecord(h, deptA, s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const repair = await h.request('POST', '/api/v1/repairs', {
      token: s.token,
      body: { target: 'record', targetId: rec.id, commitment: '承诺', evidence: [] },
    });
    await h.request('POST', `/api/v1/repairs/${repair.body.id}/acceptance`, { token: deptA, body: { decision: 'accept', complex: true } });
    await h.request('POST', `/api/v1/repairs/${repair.body.id}/decision`, {
      token: deptA,
      body: { decision: 'reject', reason: '材料不足' },
    });
    const objection = await file(s.token, 'repair', repair.body.id);
    await h.request('POST', `/api/v1/objections/${objection.body.id}/forward`, { token: platform });
    await h.request('POST', `/api/v1/objections/${objection.body.id}/decision`, {
      token: deptA,
      body: { decision: 'upheld', reason: '材料齐全' },
    });
    const reopened = await h.request('GET', `/api/v1/repairs/${repair.body.id}`, { token: s.token });
    expect(reopened.body).toMatchObject({ state: 'accepted', complex: true, dueOn: '2026-12-15' }); // Fri 11/20 + 17 working days
  });
});
