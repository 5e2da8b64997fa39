import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Entry, EntryWithHistory } from '../../src/features/lists/schemas.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, DEPT_B, recordBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let deptB: string;
let reviewer: string;
let doc = 0;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  deptB = await h.tokens.sign('regulator', { dept: DEPT_B });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_B });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20'))); // a Friday

async function subjectWithRecord(severity: string | null) {
  const { uscc } = await createSubject(h, deptA);
  if (!severity) return { uscc, recordId: null as string | null };
  const rec = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody(uscc, { severity, decidedOn: '2026-10-15' }) });
  expect(rec.status, show(rec)).toBe(201);
  return { uscc, recordId: rec.body.id as string };
}

async function propose(uscc: string, list: string, recordIds: string[], token = deptA) {
  doc += 1;
  const res = await h.request('POST', '/api/v1/list-entries', {
    token,
    body: {
      subjectUscc: uscc,
      list,
      reason: '出具虚假评估报告',
      basis: '《失信行为认定办法》第五条',
      documentNo: `沈人防黑〔2026〕${Date.now() % 10000}-${doc}号`,
      recordIds,
      validUntil: '2028-11-19',
    },
  });
  expect(res.status, show(res)).toBe(201);
  return Entry.parse(res.body);
}

const act = (id: string, token: string, action: string, extra: Record<string, unknown> = {}) =>
  h.request('POST', `/api/v1/list-entries/${id}/transitions`, { token, body: { action, reason: `${action} for the test`, ...extra } });

async function published(list = 'black') {
  const { uscc, recordId } = await subjectWithRecord(list === 'red' ? null : 'serious');
  const entry = await propose(uscc, list, recordId ? [recordId] : []);
  expect((await act(entry.id, deptA, 'notify')).status).toBe(200);
  clock.set(onDay('2026-11-30'));
  const res = await act(entry.id, reviewer, 'publish');
  expect(res.status, show(res)).toBe(200);
  return { uscc, entry: Entry.parse(res.body) };
}

describe('proposing', () => {
  it('needs a serious record of the subject for a black entry', async () => {
    const { uscc, recordId } = await subjectWithRecord('general');
    const res = await h.request('POST', '/api/v1/list-entries', {
      token: deptA,
      body: {
        subjectUscc: uscc,
        list: 'black',
        reason: 'r',
        basis: 'b',
        documentNo: `X-${Date.now()}`,
        recordIds: [recordId],
        validUntil: '2027-11-19',
      },
    });
    expect(res.status, show(res)).toBe(422);
  });

  it('refuses a red entry while a dishonesty record is in effect', async () => {
    const { uscc } = await subjectWithRecord('minor');
    const res = await h.request('POST', '/api/v1/list-entries', {
      token: deptA,
      body: {
        subjectUscc: uscc,
        list: 'red',
        reason: 'r',
        basis: 'b',
        documentNo: `R-${Date.now()}`,
        recordIds: [],
        validUntil: '2027-11-19',
      },
    });
    expect(res.status, show(res)).toBe(422);
  });

  it('refuses a validity over three years', async () => {
    const { uscc, recordId } = await subjectWithRecord('serious');
    const res = await h.request('POST', '/api/v1/list-entries', {
      token: deptA,
      body: {
        subjectUscc: uscc,
        list: 'black',
        reason: 'r',
        basis: 'b',
        documentNo: `V-${Date.now()}`,
        recordIds: [recordId],
        validUntil: '2029-11-21',
      },
    });
    expect(res.status, show(res)).toBe(400);
  });
});

describe('the lifecycle', () => {
  it('goes proposed → notified → statement → published → exited, keeping every step', async () => {
    const { uscc, recordId } = await subjectWithRecord('serious');
    const entry = await propose(uscc, 'black', [recordId!]);
    expect(entry.state).toBe('proposed');
    const notified = await act(entry.id, deptA, 'notify', { documentNo: '告知书〔2026〕1号' });
    expect(notified.body).toMatchObject({ state: 'notified', notifiedOn: '2026-11-20', dueOn: '2026-11-27', overdue: false });
    const subject = await h.tokens.sign('subject', { uscc });
    const stated = await act(entry.id, subject, 'statement', { statement: '我方已整改，请求不予列入' });
    expect(stated.status, show(stated)).toBe(200);
    expect((await act(entry.id, subject, 'statement', { statement: '再说一次' })).status).toBe(409);
    const pub = await act(entry.id, reviewer, 'publish'); // before the window ends, allowed once stated
    expect(pub.body).toMatchObject({ state: 'published', publishedOn: '2026-11-20', validFrom: '2026-11-20' });
    const exit = await act(entry.id, deptA, 'exit', { reason: 'standard_changed: 认定标准调整' });
    expect(exit.body).toMatchObject({ state: 'exited', exitedOn: '2026-11-20', exitReason: 'standard_changed' });
    const read = EntryWithHistory.parse((await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA })).body);
    expect(read.history.map((t) => `${t.action}:${t.from}->${t.to}`)).toEqual([
      'propose:none->proposed',
      'notify:proposed->notified',
      'statement:notified->notified',
      'publish:notified->published',
      'exit:published->exited',
    ]);
    expect(read.history[1]).toMatchObject({ documentNo: '告知书〔2026〕1号', role: 'regulator' });
  });

  it('refuses to publish before the statement window ends, and allows it after', async () => {
    const { uscc, recordId } = await subjectWithRecord('serious');
    const entry = await propose(uscc, 'black', [recordId!]);
    await act(entry.id, deptA, 'notify'); // Friday 11/20 + 5 working days = Friday 11/27
    clock.set(onDay('2026-11-27'));
    const early = await act(entry.id, reviewer, 'publish');
    expect(early.status, show(early)).toBe(409);
    expect(early.body.dueOn).toBe('2026-11-27');
    clock.set(onDay('2026-11-28'));
    expect((await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA })).body.overdue).toBe(true);
    expect((await act(entry.id, reviewer, 'publish')).status).toBe(200);
  });

  it.each([
    ['proposed', ['publish', 'statement', 'exit']],
    ['notified', ['notify', 'exit']],
    ['published', ['notify', 'publish', 'withdraw', 'statement']],
    ['withdrawn', ['notify', 'publish', 'withdraw', 'exit']],
  ])('refuses other actions on a %s entry with 409 naming the state', async (state, refused) => {
    const { uscc, recordId } = await subjectWithRecord('serious');
    const entry = await propose(uscc, 'black', [recordId!]);
    if (state !== 'proposed') await act(entry.id, deptA, 'notify');
    if (state === 'published') {
      clock.set(onDay('2026-11-30'));
      await act(entry.id, reviewer, 'publish');
    }
    if (state === 'withdrawn') await act(entry.id, deptA, 'withdraw');
    const subject = await h.tokens.sign('subject', { uscc });
    for (const action of refused) {
      const token = action === 'statement' ? subject : action === 'publish' ? reviewer : deptA;
      const res = await act(entry.id, token, action, { statement: 'x' });
      expect(res.status, `${action} on ${state}: ${show(res)}`).toBe(409);
      expect(res.body.detail).toContain(state);
    }
  });

  it('exits by hand only for a changed standard; repaired and objection_upheld come from their processes', async () => {
    const { entry } = await published('black');
    for (const reason of ['objection_upheld: 自行认定', 'repaired', 'expired', 'revoked']) {
      const res = await act(entry.id, deptA, 'exit', { reason });
      expect(res.status, `${reason}: ${show(res)}`).toBe(422);
    }
    expect((await act(entry.id, deptA, 'exit', { reason: 'standard_changed: 标准调整' })).status).toBe(200);
  });

  it('lets no regulator of another department touch an entry, and no other subject', async () => {
    const { uscc, recordId } = await subjectWithRecord('serious');
    const entry = await propose(uscc, 'black', [recordId!]);
    expect((await act(entry.id, deptB, 'notify')).status).toBe(403);
    expect((await act(entry.id, deptB, 'bogus')).status).toBe(403);
    const stranger = await h.tokens.sign('subject', { uscc: (await subjectWithRecord(null)).uscc });
    expect((await act(entry.id, stranger, 'statement', { statement: 'x' })).status).toBe(403);
    expect((await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: stranger })).status).toBe(403);
    expect((await act(entry.id, deptA, 'publish')).status).toBe(409); // not published from proposed …
    await act(entry.id, deptA, 'notify');
    expect((await act(entry.id, deptA, 'publish')).status).toBe(403); // … and never by a regulator
  });
});

describe('effects of a black entry', () => {
  it('forces grade C and restricts while published; both end at once on exit', async () => {
    const { uscc, entry } = await published('black');
    const check = async () => (await h.request('POST', '/api/v1/checks', { token: deptA, body: { usccs: [uscc] } })).body.results[0];
    const during = await check();
    expect(during).toMatchObject({ restricted: true, grade: 'C', listEntries: [{ id: entry.id, list: 'black', validFrom: '2026-11-30' }] });
    const evaluation = await h.request('GET', `/api/v1/subjects/${uscc}/evaluation`, { token: deptA });
    expect(evaluation.body.forcedBottom).toContain('black list entry');
    await act(entry.id, deptA, 'exit', { reason: 'standard_changed' });
    expect((await check()).listEntries).toEqual([]);
  });

  it('revokes a published red entry when the subject gets a serious record', async () => {
    const { uscc, entry } = await published('red');
    expect(entry.state).toBe('published');
    await h.request('POST', '/api/v1/records', { token: deptB, body: recordBody(uscc, { severity: 'serious', decidedOn: '2026-11-29' }) });
    const read = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA });
    expect(read.body).toMatchObject({ state: 'exited', exitReason: 'revoked' });
    expect(read.body.history.at(-1).role).toBe('regulator');
  });
});
