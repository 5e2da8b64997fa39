import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { verifiedComplaints } from '../../src/features/reports/index.js';
import { newId } from '../../src/lib/ids.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, DEPT_B, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';

/**
 * Reports of misconduct (举报, domain §8, §11): filed without a token, followed by tracking number,
 * dismissed with reasons or verified into a dishonesty record linked to the report; three verified in
 * a year suspend the agency.
 */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let regulatorA: string;
let regulatorB: string;
let admin: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulatorA = await h.tokens.sign('regulator', { dept: DEPT_A });
  regulatorB = await h.tokens.sign('regulator', { dept: DEPT_B });
  admin = await h.tokens.sign('admin');
  const now = h.clock.now();
  await h.db
    .insertInto('credit.departments')
    .values({ id: newId('department', now), uscc: DEPT_A, name: '沈阳市人民防空办公室', region: '210100', sector: '人防', created_at: now })
    .execute();
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-11-20')));

const agency = () => admittedAgency(h, { regulator: regulatorA, admin });
const CONTACT = { name: '赵举报', phone: '13912345678' };
let documents = 0;

async function report(agencyUscc: string, facts = '该机构在人防工程施工图审查中要求送审单位指定其关联公司出具报告，并收取未公示的加急费') {
  const res = await h.request('POST', '/api/v1/market/reports', { body: { agencyUscc, facts, contact: CONTACT } });
  expect(res.status, show(res)).toBe(201);
  const row = await h.db.selectFrom('market.reports').select('id').where('tracking_no', '=', res.body.trackingNo).executeTakeFirstOrThrow();
  return { id: row.id, trackingNo: res.body.trackingNo as string, receipt: res.body };
}

const verifyBody = (overrides: Record<string, unknown> = {}) => {
  documents += 1;
  return {
    decision: 'verify',
    record: {
      category: 'fees_not_disclosed',
      severity: 'general',
      facts: '经查，该机构在施工图审查中收取未公示的加急费 2000 元',
      basis: '《中介服务收费管理办法》第十条',
      documentNo: `沈人防罚〔2026〕${100 + documents}号`,
      decidedOn: clock.today(),
      penalties: [{ type: '罚款', content: '罚款 1 万元' }],
      ...overrides,
    },
  };
};

const decide = (id: string, body: unknown, token = regulatorA) =>
  h.request('POST', `/api/v1/market/reports/${id}/decision`, { token, body });
const track = (trackingNo: string) => h.request('GET', `/api/v1/market/reports/track/${trackingNo}`);

describe('filing and following a report', () => {
  it('answers a tracking number that tells the state and nothing of the reporter', async () => {
    const a = await agency();
    const { trackingNo, receipt } = await report(a.uscc);
    expect(trackingNo).toMatch(/^JB20261120[0-9A-HJKMNP-TV-Z]{10}$/);
    expect(receipt).toEqual({ trackingNo, state: 'received', receivedOn: '2026-11-20' });
    const other = await report(a.uscc);
    expect(other.trackingNo).not.toBe(trackingNo);
    const res = await track(trackingNo.toLowerCase());
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toEqual({
      trackingNo,
      agency: { uscc: a.uscc, name: a.name },
      state: 'received',
      receivedOn: '2026-11-20',
      decision: null,
    });
    expect((await track('JB20261120ABCDEFGH12')).status).toBe(404);
    expect((await track('not-a-number')).status).toBe(400);
  });

  it('refuses a report about no agency, and input beyond its bounds', async () => {
    const unknown = await h.request('POST', '/api/v1/market/reports', {
      body: { agencyUscc: uniqueUscc(), facts: '无', contact: CONTACT },
    });
    expect(unknown.status, show(unknown)).toBe(422);
    expect(unknown.body.detail).toContain('agencyUscc');
    const a = await agency();
    const big = await h.request('POST', '/api/v1/market/reports', {
      body: { agencyUscc: a.uscc, facts: 'x'.repeat(5001), contact: { name: 'n'.repeat(51), phone: 'call me' } },
    });
    expect(big.status, show(big)).toBe(400);
    expect(big.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['contact.name', 'contact.phone', 'facts']);
  });

  it('shows the queue, with the contact, to regulators only', async () => {
    const a = await agency();
    const { id } = await report(a.uscc);
    const queue = await h.request('GET', `/api/v1/market/reports?state=received&agencyUscc=${a.uscc}`, { token: regulatorB });
    expect(queue.status, show(queue)).toBe(200);
    expect(queue.body.items.find((r: { id: string }) => r.id === id)).toMatchObject({
      contact: CONTACT,
      state: 'received',
      agency: { uscc: a.uscc },
    });
    expect((await h.request('GET', '/api/v1/market/reports', { token: admin })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/market/reports', { token: a.token })).status).toBe(403);
    expect((await h.request('GET', '/api/v1/market/reports')).status).toBe(401);
  });
});

describe('deciding a report', () => {
  it('turns a verified report into a dishonesty record of the deciding department, linked, public, once', async () => {
    const a = await agency();
    const { id, trackingNo } = await report(a.uscc);
    const res = await decide(id, verifyBody(), regulatorB);
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ state: 'verified', decidedDept: DEPT_B, recordId: expect.stringMatching(/^rec_/) });
    const recordId = res.body.recordId;
    const record = await h.request('GET', `/api/v1/records/${recordId}`, { token: regulatorB });
    expect(record.status, show(record)).toBe(200);
    expect(record.body).toMatchObject({
      reportId: id,
      department: DEPT_B,
      kind: 'dishonesty',
      severity: 'general',
      subjectUscc: a.uscc,
      public: true,
    });

    const profile = await h.request('GET', `/api/v1/market/agencies/${a.uscc}`);
    expect(profile.status, show(profile)).toBe(200);
    expect(profile.body.records.map((r: { id: string }) => r.id)).toContain(recordId);

    const tracked = await track(trackingNo);
    expect(tracked.body).toMatchObject({
      state: 'verified',
      decision: { outcome: 'verified', decidedOn: '2026-11-20', department: { code: DEPT_B }, recordId },
    });
    expect(tracked.body.decision.reason).toContain(record.body.documentNo);

    const again = await decide(id, { decision: 'dismiss', reason: '重复处理' });
    expect(again.status, show(again)).toBe(409);
    expect(again.body.detail).toContain('decided once');
    const counts = await verifiedComplaints(h.db, [await subjectId(a.uscc)], '2026-01-01');
    expect(counts.get(await subjectId(a.uscc))).toBe(1);
  });

  it('dismisses with reasons the reporter reads by the tracking number', async () => {
    const a = await agency();
    const { id, trackingNo } = await report(a.uscc);
    const res = await decide(id, { decision: 'dismiss', reason: '经调查，加急费已在收费标准中公示，举报事项不成立' });
    expect(res.status, show(res)).toBe(200);
    expect(res.body).toMatchObject({ state: 'dismissed', recordId: null });
    const tracked = await track(trackingNo);
    expect(tracked.body.decision).toEqual({
      outcome: 'dismissed',
      reason: '经调查，加急费已在收费标准中公示，举报事项不成立',
      decidedOn: '2026-11-20',
      department: { code: DEPT_A, name: '沈阳市人民防空办公室' },
      recordId: null,
    });
    expect(JSON.stringify(tracked.body)).not.toContain('regulator:');
  });

  it('refuses a record that carries the contact, and a decision by anyone but a regulator', async () => {
    const a = await agency();
    const { id } = await report(a.uscc);
    const leaking = await decide(id, verifyBody({ facts: `经查属实（举报人赵举报，电话 139 1234 5678）` }));
    expect(leaking.status, show(leaking)).toBe(400);
    expect(leaking.body.errors[0].path).toBe('record.facts');
    expect((await decide(id, verifyBody(), admin)).status).toBe(403);
    expect((await decide(id, verifyBody(), a.token)).status).toBe(403);
    expect((await decide('rpt_01JAAAAAAAAAAAAAAAAAAAAAAA', verifyBody())).status).toBe(404);
    const row = await h.db.selectFrom('market.reports').select('state').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.state).toBe('received');
  });
});

async function subjectId(uscc: string) {
  return (await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', uscc).executeTakeFirstOrThrow()).id;
}

describe('three verified complaints within a year', () => {
  it('suspend the agency for 12 months, once; complaints older than a year do not count', async () => {
    clock.set(onDay('2025-11-10'));
    const a = await agency();
    const old = [await report(a.uscc), await report(a.uscc)];
    for (const r of old) expect((await decide(r.id, verifyBody())).status).toBe(200);

    clock.set(onDay('2026-11-20')); // the two of 2025-11-10 are more than a year old now
    const fresh = [await report(a.uscc), await report(a.uscc), await report(a.uscc), await report(a.uscc)];
    const first = await decide(fresh[0]!.id, verifyBody());
    expect(first.body.suspensionId).toBeNull();
    expect((await decide(fresh[1]!.id, verifyBody())).body.suspensionId).toBeNull();
    let suspended = await h.db
      .selectFrom('market.suspensions')
      .selectAll()
      .where('subject_id', '=', await subjectId(a.uscc))
      .execute();
    expect(suspended).toEqual([]);

    const third = await decide(fresh[2]!.id, verifyBody({ severity: 'minor', penalties: [{ type: '警告' }] }));
    expect(third.status, show(third)).toBe(200);
    expect(third.body.suspensionId).toMatch(/^sus_/);
    suspended = await h.db
      .selectFrom('market.suspensions')
      .selectAll()
      .where('subject_id', '=', await subjectId(a.uscc))
      .execute();
    expect(suspended).toHaveLength(1);
    expect(suspended[0]).toMatchObject({ reason: 'complaints', starts_on: '2026-11-20', ends_on: '2027-11-20' });
    const profile = await h.request('GET', `/api/v1/market/agencies/${a.uscc}`);
    expect(profile.body.suspended).toBe(true);
    // The public detail names no record: the third one is 轻微, a record the public does not see.
    expect(profile.body.suspensions[0].detail).toBe('一年内 3 次举报经查实');
    expect(JSON.stringify(profile.body.suspensions)).not.toContain(third.body.recordId);

    // A fourth while the suspension runs: recorded, no second suspension.
    const fourth = await decide(fresh[3]!.id, verifyBody());
    expect(fourth.status, show(fourth)).toBe(200);
    expect(fourth.body.suspensionId).toBeNull();
    expect(
      await h.db
        .selectFrom('market.suspensions')
        .select('id')
        .where('subject_id', '=', await subjectId(a.uscc))
        .execute(),
    ).toHaveLength(1);
    const counts = await verifiedComplaints(h.db, [await subjectId(a.uscc)], '2025-11-21');
    expect(counts.get(await subjectId(a.uscc))).toBe(4);
  });
});

describe("the reporter's contact", () => {
  it('appears in no public answer, no event and no audit entry', async () => {
    const a = await agency();
    const verified = await report(a.uscc, `举报：该机构员工索要好处费。请联系我核实（我不希望公开）。`);
    const dismissed = await report(a.uscc);
    const pending = await report(a.uscc);
    await decide(verified.id, verifyBody());
    await decide(dismissed.id, { decision: 'dismiss', reason: '证据不足' });
    const publicAnswers = [
      verified.receipt,
      dismissed.receipt,
      pending.receipt,
      (await track(verified.trackingNo)).body,
      (await track(dismissed.trackingNo)).body,
      (await track(pending.trackingNo)).body,
      (await h.request('GET', `/api/v1/market/agencies/${a.uscc}`)).body,
      (await h.request('GET', `/api/v1/market/agencies/${a.uscc}/ratings`)).body,
      (await h.request('GET', '/api/v1/market/agencies?includeRestricted=true')).body,
      (await h.request('GET', `/api/v1/public/subjects/${a.uscc}`)).body,
    ];
    const events = await h.db.selectFrom('sync.events').select(['type', 'payload']).execute();
    const audit = await h.db.selectFrom('audit.entries').select(['action', 'before', 'after']).execute();
    const digits = (s: string) => s.replace(/\D/g, '');
    for (const [label, value] of [
      ...publicAnswers.map((b, i) => [`public answer ${i}`, b] as const),
      ...events.map((e) => [`event ${e.type}`, e.payload] as const),
      ...audit.map((e) => [`audit ${e.action}`, [e.before, e.after]] as const),
    ]) {
      const text = JSON.stringify(value);
      expect(text, label).not.toContain(CONTACT.name);
      expect(digits(text), label).not.toContain(CONTACT.phone);
    }
    expect(events.some((e) => e.type === 'market.report_verified')).toBe(true);
  });
});
