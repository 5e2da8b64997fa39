import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A, DEPT_B, proposeEntry, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show, type TestResponse } from '../helpers/harness.js';

/** Work queues: list entries, repairs and objections, each paged, filtered and limited like the single reads. */
const clock = settableClock(onDay('2026-11-20')); // a Friday
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

async function subject() {
  const { uscc } = await createSubject(h, deptA);
  return { uscc, token: await h.tokens.sign('subject', { uscc }) };
}

type Page = { items: { id: string; dueOn?: string | null; overdue?: boolean }[]; nextCursor: string | null };

/** Every item of a listing, walked one page of `limit` at a time through nextCursor. */
async function walk(token: string, path: string, limit = 1) {
  const ids: string[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res: TestResponse<Page> = await h.request<Page>('GET', `${path}${sep}limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    expect(res.status, show(res)).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(limit);
    ids.push(...res.body.items.map((i) => i.id));
    cursor = res.body.nextCursor;
  } while (cursor);
  return ids;
}

const ids = async (token: string, path: string) => {
  const res = await h.request<Page>('GET', path, { token });
  expect(res.status, show(res)).toBe(200);
  return res.body.items.map((i) => i.id);
};

describe('GET /list-entries', () => {
  it("gives a reviewer what awaits publication, a department its own, a subject its own, and refuses another's", async () => {
    clock.set(onDay('2026-11-20'));
    const s1 = await subject();
    const s2 = await subject();
    const a1 = await proposeEntry(h, deptA, { subjectUscc: s1.uscc, list: 'watch', validUntil: '2027-06-30' });
    const a2 = await proposeEntry(h, deptA, { subjectUscc: s2.uscc, list: 'watch', validUntil: '2027-06-30' });
    const b1 = await proposeEntry(h, deptB, { subjectUscc: s1.uscc, list: 'watch', validUntil: '2027-06-30' });
    // Notified Fri 2026-11-20: 5 working days, Mon 23 … Fri 27 → the window ends 2026-11-27.
    expect((await transition(h, deptA, a2.id, 'notify')).dueOn).toBe('2026-11-27');

    const mine = await ids(deptA, '/api/v1/list-entries?limit=200');
    expect(mine).toEqual(expect.arrayContaining([a1.id, a2.id]));
    expect(mine).not.toContain(b1.id);
    expect((await h.request('GET', `/api/v1/list-entries?department=${DEPT_B}`, { token: deptA })).status).toBe(403);

    expect(await ids(s1.token, '/api/v1/list-entries')).toEqual([a1.id, b1.id]);
    expect((await h.request('GET', `/api/v1/list-entries?subject=${s2.uscc}`, { token: s1.token })).status).toBe(403);

    const awaiting = `/api/v1/list-entries?awaitingPublication=true&subject=${s2.uscc}`;
    clock.set(onDay('2026-11-27')); // the last day of the window: not yet
    expect(await ids(reviewer, awaiting)).toEqual([]);
    clock.set(onDay('2026-11-30'));
    expect(await ids(reviewer, awaiting)).toEqual([a2.id]);
    expect(await ids(reviewer, `/api/v1/list-entries?state=proposed&subject=${s1.uscc}`)).toEqual([a1.id, b1.id]);
    expect(await ids(reviewer, `/api/v1/list-entries?state=proposed&department=${DEPT_B}&subject=${s1.uscc}`)).toEqual([b1.id]);
  });

  it('pages through every entry exactly once, in the order of the whole list', async () => {
    const s = await subject();
    for (let i = 0; i < 3; i++) await proposeEntry(h, deptA, { subjectUscc: s.uscc, list: 'watch', validUntil: '2027-06-30' });
    const whole = await ids(deptA, `/api/v1/list-entries?subject=${s.uscc}`);
    expect(whole).toHaveLength(3);
    expect(await walk(deptA, `/api/v1/list-entries?subject=${s.uscc}`)).toEqual(whole);
    expect((await h.request('GET', '/api/v1/list-entries?cursor=bm90LWEtY3Vyc29y', { token: deptA })).status).toBe(400);
  });
});

describe('GET /repairs', () => {
  const apply = (token: string, recordId: string) =>
    h.request('POST', '/api/v1/repairs', {
      token,
      body: { target: 'record', targetId: recordId, commitment: '承诺整改到位', evidence: [] },
    });

  it('lists open repairs by the running deadline, overdue marked, for the deciding department and the subject', async () => {
    clock.set(onDay('2026-11-20'));
    const s = await subject();
    const other = await subject();
    // General records of 2026-06-01 may be repaired from 2026-09-02.
    const rec = (uscc: string, token = deptA) => createRecord(h, token, uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const [r1, r2, r3, rb] = [await rec(s.uscc), await rec(s.uscc), await rec(other.uscc), await rec(s.uscc, deptB)];
    const first = await apply(s.token, r1.id); // applied Fri 11/20: accept or refuse by Wed 11/25 (3 working days)
    const second = await apply(s.token, r2.id);
    const theirs = await apply(other.token, r3.id);
    const elsewhere = await apply(s.token, rb.id);
    expect(first.body.dueOn, show(first)).toBe('2026-11-25');
    // Accepted Fri 11/20: decide within 7 working days, Mon 23 … Tue 12/01.
    const accepted = await h.request('POST', `/api/v1/repairs/${second.body.id}/acceptance`, {
      token: deptA,
      body: { decision: 'accept' },
    });
    expect(accepted.body.dueOn, show(accepted)).toBe('2026-12-01');
    clock.set(onDay('2026-11-23'));
    const third = await apply(s.token, (await rec(s.uscc)).id); // applied Mon 11/23: by Thu 11/26
    expect(third.body.dueOn).toBe('2026-11-26');

    clock.set(onDay('2026-11-26'));
    const queue = await h.request<Page>('GET', `/api/v1/repairs?subject=${s.uscc}`, { token: deptA });
    expect(queue.status, show(queue)).toBe(200);
    expect(queue.body.items.map((i) => [i.id, i.dueOn, i.overdue])).toEqual([
      [first.body.id, '2026-11-25', true],
      [third.body.id, '2026-11-26', false],
      [second.body.id, '2026-12-01', false],
    ]);
    expect(await walk(deptA, `/api/v1/repairs?subject=${s.uscc}`)).toEqual(queue.body.items.map((i) => i.id));
    expect(await ids(deptA, `/api/v1/repairs?subject=${s.uscc}&overdue=true`)).toEqual([first.body.id]);

    expect(await ids(deptB, `/api/v1/repairs?subject=${s.uscc}`)).toEqual([elsewhere.body.id]);
    expect((await h.request('GET', `/api/v1/repairs?department=${DEPT_A}`, { token: deptB })).status).toBe(403);
    const own = await ids(s.token, '/api/v1/repairs?limit=200');
    expect(own).toEqual(expect.arrayContaining([first.body.id, second.body.id, third.body.id, elsewhere.body.id]));
    expect(own).not.toContain(theirs.body.id);
    expect((await h.request('GET', `/api/v1/repairs?subject=${other.uscc}`, { token: s.token })).status).toBe(403);

    // Decided: it leaves the open queue and is found under its state, with no running deadline.
    await h.request('POST', `/api/v1/repairs/${first.body.id}/acceptance`, {
      token: deptA,
      body: { decision: 'refuse', missing: ['承诺书原件'] },
    });
    expect(await ids(deptA, `/api/v1/repairs?subject=${s.uscc}`)).not.toContain(first.body.id);
    const refused = await h.request<Page>('GET', `/api/v1/repairs?subject=${s.uscc}&state=refused`, { token: deptA });
    expect(refused.body.items).toEqual([expect.objectContaining({ id: first.body.id, dueOn: null, overdue: false })]);
  });
});

describe('GET /objections', () => {
  const file = (token: string, recordId: string) =>
    h.request('POST', '/api/v1/objections', {
      token,
      body: { target: 'record', targetId: recordId, grounds: '认定事实有误', evidence: [] },
    });

  it('gives the platform what waits to be forwarded, the department what waits for its decision, a filer its own', async () => {
    clock.set(onDay('2026-11-20'));
    const s = await subject();
    const rec = await createRecord(h, deptA, s.uscc, { severity: 'general', decidedOn: '2026-10-01' });
    const early = await file(s.token, rec.id); // filed Fri 11/20: forward by Mon 11/23
    clock.set(onDay('2026-11-23'));
    const late = await file(s.token, rec.id); // filed Mon 11/23: forward by Tue 11/24
    expect([early.body.forwardDueOn, late.body.forwardDueOn]).toEqual(['2026-11-23', '2026-11-24']);

    clock.set(onDay('2026-11-24'));
    const forPlatform = await h.request<Page>('GET', `/api/v1/objections?subject=${s.uscc}`, { token: platform });
    expect(forPlatform.status, show(forPlatform)).toBe(200);
    expect(forPlatform.body.items.map((i) => [i.id, i.dueOn, i.overdue])).toEqual([
      [early.body.id, '2026-11-23', true],
      [late.body.id, '2026-11-24', false],
    ]);
    expect((await h.request('GET', '/api/v1/objections?state=forwarded', { token: platform })).status).toBe(403);

    // Forwarded Tue 11/24: decide within 7 working days, Wed 25 … Thu 12/03.
    const forwarded = await h.request('POST', `/api/v1/objections/${late.body.id}/forward`, { token: platform });
    expect(forwarded.body.decideDueOn, show(forwarded)).toBe('2026-12-03');
    expect(await ids(platform, `/api/v1/objections?subject=${s.uscc}`)).toEqual([early.body.id]);
    const forDept = await h.request<Page>('GET', `/api/v1/objections?subject=${s.uscc}`, { token: deptA });
    expect(forDept.body.items.map((i) => [i.id, i.dueOn])).toEqual([
      [early.body.id, '2026-11-23'],
      [late.body.id, '2026-12-03'],
    ]);
    expect(await walk(deptA, `/api/v1/objections?subject=${s.uscc}`)).toEqual([early.body.id, late.body.id]);
    expect(await ids(deptA, `/api/v1/objections?subject=${s.uscc}&overdue=true`)).toEqual([early.body.id]);
    expect(await ids(deptB, `/api/v1/objections?subject=${s.uscc}`)).toEqual([]);
    expect((await h.request('GET', `/api/v1/objections?department=${DEPT_A}`, { token: deptB })).status).toBe(403);

    expect(await ids(s.token, '/api/v1/objections')).toEqual([early.body.id, late.body.id]);
    const stranger = await h.tokens.sign('applicant', { sub: 'applicant:someone-else' });
    expect(await ids(stranger, `/api/v1/objections?subject=${s.uscc}`)).toEqual([]);
  });
});
