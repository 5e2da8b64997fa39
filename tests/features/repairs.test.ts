import { compactVerify, createLocalJWKSet } from 'jose';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createSubject, DEPT_A, DEPT_B, publishedEntry, recordBody, transition } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let deptA: string;
let reviewer: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  deptA = await h.tokens.sign('regulator', { dept: DEPT_A });
  reviewer = await h.tokens.sign('reviewer', { dept: DEPT_B });
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

async function subject() {
  const { uscc } = await createSubject(h, deptA, { legalRepresentative: '赵德明' });
  return { uscc, token: await h.tokens.sign('subject', { uscc }) };
}

async function record(uscc: string, overrides: Record<string, unknown>) {
  const res = await h.request('POST', '/api/v1/records', { token: deptA, body: recordBody(uscc, overrides) });
  expect(res.status, show(res)).toBe(201);
  return res.body as { id: string; repairableFrom: string };
}

const apply = (token: string, target: string, targetId: string) =>
  h.request('POST', '/api/v1/repairs', {
    token,
    body: {
      target,
      targetId,
      commitment: '本单位承诺已整改完毕，今后依法执业',
      evidence: [{ name: '整改报告.pdf', sha256: 'a'.repeat(64) }],
    },
  });

describe('asking for repair', () => {
  it('refuses a repair asked too early, with the date it becomes possible', async () => {
    const s = await subject();
    const r = await record(s.uscc, { severity: 'general', decidedOn: '2026-10-01' });
    const res = await apply(s.token, 'record', r.id);
    expect(res.status, show(res)).toBe(422);
    expect(res.body.repairableFrom).toBe('2027-01-02');
    expect(res.body.detail).toContain('2027-01-02');
  });

  it('refuses while a penalty with its own term runs', async () => {
    const s = await subject();
    const r = await record(s.uscc, { severity: 'general', decidedOn: '2026-01-10', penalties: [{ type: '暂扣许可证件', termMonths: 24 }] });
    const res = await apply(s.token, 'record', r.id);
    expect(res.status, show(res)).toBe(422);
    expect(res.body.penaltyEndsOn).toBe('2028-01-10');
  });

  it("refuses another subject's record", async () => {
    const s = await subject();
    const other = await subject();
    const r = await record(s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    expect((await apply(other.token, 'record', r.id)).status).toBe(403);
  });
});

describe('the full repair flow', () => {
  it('ends in a public profile without the record, restrictions lifted and the entry exited as repaired', async () => {
    const s = await subject();
    const serious = await record(s.uscc, {
      severity: 'serious',
      decidedOn: '2025-10-01',
      facts: '负责人 110101199003071234 手机 13812345678 出具虚假报告',
    });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      {
        subjectUscc: s.uscc,
        list: 'black',
        reason: '严重失信',
        basis: '依据',
        recordIds: [serious.id],
        validUntil: '2028-10-01',
        publishOn: '2026-11-30',
      },
    );

    const before = await h.request('GET', `/api/v1/public/subjects/${s.uscc}`);
    expect(before.status, show(before)).toBe(200);
    expect(before.body).toMatchObject({ legalRepresentative: '赵德明', grade: 'C' });
    expect(before.body.records.map((r: { id: string }) => r.id)).toEqual([serious.id]);
    expect(before.body.records[0].facts).toContain('110101********1234');
    expect(before.body.records[0].facts).toContain('138****5678');
    expect(before.body.records[0].facts).not.toContain('19900307');
    expect(before.body.listEntries).toHaveLength(1);

    clock.set(onDay('2026-12-01')); // serious 2025-10-01 is repairable from 2026-10-02
    const applied = await apply(s.token, 'record', serious.id);
    expect(applied.status, show(applied)).toBe(201);
    expect(applied.body).toMatchObject({ state: 'applied', dueOn: '2026-12-04' });
    expect((await apply(s.token, 'record', serious.id)).status).toBe(409);

    const otherDept = await h.tokens.sign('regulator', { dept: DEPT_B });
    expect(
      (await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: otherDept, body: { decision: 'accept' } })).status,
    ).toBe(403);
    const accepted = await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, {
      token: deptA,
      body: { decision: 'accept', complex: true },
    });
    expect(accepted.body).toMatchObject({ state: 'accepted', dueOn: '2026-12-24' }); // 7 + 10 working days after Tue 12/01
    const approved = await h.request('POST', `/api/v1/repairs/${applied.body.id}/decision`, {
      token: deptA,
      body: { decision: 'approve', reason: '整改到位' },
    });
    expect(approved.status, show(approved)).toBe(200);

    const after = await h.request('GET', `/api/v1/public/subjects/${s.uscc}`);
    expect(after.body.records).toEqual([]);
    expect(after.body.listEntries).toEqual([]);
    expect(after.body.grade).toBe('AAA');
    const exited = await h.request('GET', `/api/v1/list-entries/${entry.id}`, { token: deptA });
    expect(exited.body).toMatchObject({ state: 'exited', exitReason: 'repaired' });
    const check = await h.request('POST', '/api/v1/checks', { token: deptA, body: { usccs: [s.uscc] } });
    expect(check.body.results[0]).toMatchObject({ restricted: false, listEntries: [] });
    // Kept, not deleted (记录留存): the regulator still reads the record.
    expect((await h.request('GET', `/api/v1/records/${serious.id}`, { token: deptA })).body).toMatchObject({
      endReason: 'repaired',
      endedOn: '2026-12-01',
    });

    // Later proof of false materials: shown again for 3 years, no repair for 3 years.
    clock.set(onDay('2027-01-05'));
    const revoked = await h.request('POST', `/api/v1/repairs/${applied.body.id}/revocation`, {
      token: deptA,
      body: { reason: '整改报告系伪造' },
    });
    expect(revoked.status, show(revoked)).toBe(200);
    const shown = await h.request('GET', `/api/v1/public/subjects/${s.uscc}`);
    expect(shown.body.records.map((r: { id: string; shownUntil: string }) => [r.id, r.shownUntil])).toEqual([[serious.id, '2030-01-05']]);
    const again = await apply(s.token, 'record', serious.id);
    expect(again.status).toBe(422);
    expect(again.body.blockedUntil).toBe('2030-01-05');
  });

  it('refuses with everything missing listed at once, or rejects with reasons', async () => {
    const s = await subject();
    const r = await record(s.uscc, { severity: 'general', decidedOn: '2026-06-01' });
    const applied = await apply(s.token, 'record', r.id);
    const noList = await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, { token: deptA, body: { decision: 'refuse' } });
    expect(noList.status).toBe(400);
    const refused = await h.request('POST', `/api/v1/repairs/${applied.body.id}/acceptance`, {
      token: deptA,
      body: { decision: 'refuse', missing: ['信用承诺书原件', '罚款缴纳凭证'] },
    });
    expect(refused.body).toMatchObject({ state: 'refused', missing: ['信用承诺书原件', '罚款缴纳凭证'] });
    const second = await apply(s.token, 'record', r.id);
    await h.request('POST', `/api/v1/repairs/${second.body.id}/acceptance`, { token: deptA, body: { decision: 'accept' } });
    const rejected = await h.request('POST', `/api/v1/repairs/${second.body.id}/decision`, {
      token: deptA,
      body: { decision: 'reject', reason: '罚款未缴清' },
    });
    expect(rejected.body).toMatchObject({ state: 'rejected', decisionReason: '罚款未缴清' });
    expect(
      (await h.request('POST', `/api/v1/repairs/${second.body.id}/decision`, { token: deptA, body: { decision: 'approve', reason: 'x' } }))
        .status,
    ).toBe(409);
  });
});

describe('the signed list status', () => {
  it('answers from history, verifies with the JWKS, and fails when one byte changes', async () => {
    const s = await subject();
    const serious = await record(s.uscc, { severity: 'serious', decidedOn: '2026-09-01' });
    const entry = await publishedEntry(
      h,
      { regulator: deptA, reviewer, clock },
      {
        subjectUscc: s.uscc,
        list: 'black',
        reason: 'r',
        basis: 'b',
        recordIds: [serious.id],
        validUntil: '2027-11-19',
        publishOn: '2026-11-30',
      },
    );
    clock.set(onDay('2026-12-10'));
    await transition(h, deptA, entry.id, 'exit', { reason: 'standard_changed' });

    const on = async (day: string) => (await h.request('GET', `/api/v1/public/subjects/${s.uscc}/status?on=${day}`)).body;
    expect((await on('2026-11-29')).status.black).toBe(false);
    const listed = await on('2026-12-01');
    expect(listed.status).toMatchObject({ black: true, red: false, on: '2026-12-01' });
    expect((await on('2026-12-10')).status.black).toBe(false);

    const jwks = createLocalJWKSet((await h.request('GET', '/.well-known/jwks.json')).body);
    const verified = await compactVerify(listed.jws, jwks);
    expect(JSON.parse(new TextDecoder().decode(verified.payload))).toEqual(listed.status);
    const [header, payload, signature] = listed.jws.split('.');
    const bytes = Buffer.from(payload, 'base64url');
    bytes[10] = bytes[10]! ^ 1;
    await expect(compactVerify(`${header}.${bytes.toString('base64url')}.${signature}`, jwks)).rejects.toThrow();
  });
});
