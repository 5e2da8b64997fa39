import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { createRecord, createSubject, DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admit, admittedAgency, applicationBody, apply, intermediary } from '../helpers/market-agencies.js';

const clock = settableClock(onDay('2026-09-30')); // a Wednesday, the day before 国庆
let h: Harness;
let regulator: string;
let admin: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  admin = await h.tokens.sign('admin');
});
afterAll(async () => {
  await h.close();
});
beforeEach(() => clock.set(onDay('2026-09-30')));

describe('applying to the 超市', () => {
  it('sets the admission due date 2 working days after the application day, across 国庆', async () => {
    // 2026 table (domain §7): 10/1–10/7 off, 10/10 a make-up working day. Counting from Wed 9/30
    // (not counted): 10/8 Thu is the 1st working day, 10/9 Fri the 2nd.
    const agency = await intermediary(h, regulator);
    const profile = await apply(h, agency.token);
    expect(profile).toMatchObject({
      uscc: agency.uscc,
      state: 'applied',
      appliedOn: '2026-09-30',
      admissionDueOn: '2026-10-09',
      version: 1,
    });
    expect(profile.offers[0]).toMatchObject({
      service: 'cd_drawing_review',
      feeMinFen: '500000',
      feeMaxFen: '2000000',
      discountRate: null,
    });
  });

  it('refuses a subject that is not an intermediary (422) and an agency that already applied (409)', async () => {
    const enterprise = await createSubject(h, regulator, { kind: 'enterprise' });
    const token = await h.tokens.sign('subject', { uscc: enterprise.uscc });
    const res = await h.request('POST', '/api/v1/market/agencies', { token, body: applicationBody() });
    expect(res.status, show(res)).toBe(422);
    expect(res.body.detail).toContain('intermediary');
    const agency = await intermediary(h, regulator);
    await apply(h, agency.token);
    expect((await h.request('POST', '/api/v1/market/agencies', { token: agency.token, body: applicationBody() })).status).toBe(409);
  });

  it('names the field and why for a service not in the catalogue, a float amount or a rate over 1', async () => {
    const agency = await intermediary(h, regulator);
    const cases: [Record<string, unknown>, string][] = [
      [{ service: 'astrology', feeKind: 'fixed', feeBasis: '协商', feeMinFen: '100', unit: '项' }, 'offers[0].service'],
      [{ service: 'consulting', feeKind: 'fixed', feeBasis: '协商', feeMinFen: '12.50', unit: '项' }, 'feeMinFen'],
      [{ service: 'consulting', feeKind: 'discount', feeBasis: '标准收费下浮', discountRate: '1.5', unit: '项' }, 'discountRate'],
      [{ service: 'consulting', feeKind: 'discount', feeBasis: '标准收费下浮', discountRate: '0.12345', unit: '项' }, 'discountRate'],
      [{ service: 'consulting', feeKind: 'range', feeBasis: '协商', feeMinFen: '900', feeMaxFen: '100', unit: '项' }, 'feeMaxFen'],
    ];
    for (const [offer, field] of cases) {
      const res = await h.request('POST', '/api/v1/market/agencies', { token: agency.token, body: applicationBody({ offers: [offer] }) });
      expect(res.status, show(res)).toBe(400);
      expect(JSON.stringify(res.body.errors)).toContain(field);
    }
  });
});

describe('editing a profile', () => {
  it('lets the agency edit its own profile against its version; another agency gets 403; a stale version 409', async () => {
    const agency = await intermediary(h, regulator);
    const other = await intermediary(h, regulator);
    await apply(h, agency.token);
    const own = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token });
    expect(own.status, show(own)).toBe(200);
    const body = applicationBody({
      staffCount: 30,
      regions: ['210000'],
      offers: [{ service: 'consulting', feeKind: 'discount', feeBasis: '按标准收费下浮', discountRate: '0.8500', unit: '项' }],
      version: own.body.version,
    });
    const edited = await h.request('PUT', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token, body });
    expect(edited.status, show(edited)).toBe(200);
    expect(edited.body).toMatchObject({ staffCount: 30, regions: ['210000'], version: 2 });
    expect(edited.body.offers).toEqual([expect.objectContaining({ service: 'consulting', discountRate: '0.8500', feeMinFen: null })]);
    const stale = await h.request('PUT', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token, body });
    expect(stale.status, show(stale)).toBe(409);
    const foreign = await h.request('PUT', `/api/v1/market/agencies/${agency.uscc}/profile`, {
      token: other.token,
      body: { ...body, version: 2 },
    });
    expect(foreign.status, show(foreign)).toBe(403);
    const audit = await h.db
      .selectFrom('audit.entries')
      .select('action')
      .where(
        'entity_id',
        '=',
        (await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', agency.uscc).executeTakeFirstOrThrow()).id,
      )
      .orderBy('id')
      .execute();
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['agency.apply', 'agency.profile_edit']));
  });
});

describe('admission', () => {
  it('lists applications by due date with the days left, overdue once the day has passed; operator only', async () => {
    const agency = await intermediary(h, regulator);
    await apply(h, agency.token);
    clock.set(onDay('2026-10-12'));
    const res = await h.request('GET', '/api/v1/market/admissions?state=applied&limit=200', { token: admin });
    expect(res.status, show(res)).toBe(200);
    const item = res.body.items.find((i: { uscc: string }) => i.uscc === agency.uscc);
    expect(item).toMatchObject({ dueOn: '2026-10-09', daysLeft: -3, overdue: true });
    const dues = res.body.items.map((i: { dueOn: string }) => i.dueOn);
    expect(dues).toEqual([...dues].sort());
    expect((await h.request('GET', '/api/v1/market/admissions', { token: regulator })).status).toBe(403);
  });

  it('admits (published as an event) and refuses (kept with its note)', async () => {
    const a = await intermediary(h, regulator);
    const b = await intermediary(h, regulator);
    await apply(h, a.token);
    await apply(h, b.token);
    expect(await admit(h, admin, a.uscc)).toMatchObject({ state: 'admitted', note: '材料齐全，准予入驻' });
    const refused = await h.request('POST', `/api/v1/market/agencies/${b.uscc}/admission`, {
      token: admin,
      body: { decision: 'refuse', note: '执业人员证书不全' },
    });
    expect(refused.status, show(refused)).toBe(200);
    expect(refused.body).toMatchObject({ state: 'refused', refusalRecords: [] });
    const again = await h.request('POST', `/api/v1/market/agencies/${a.uscc}/admission`, {
      token: admin,
      body: { decision: 'refuse', note: 'x' },
    });
    expect(again.status).toBe(409);
    const events = await h.db.selectFrom('sync.events').select(['type', 'payload']).where('type', '=', 'market.agency_admitted').execute();
    expect(events.map((e) => (e.payload as { uscc: string }).uscc)).toContain(a.uscc);
  });

  it('will not admit an agency with a dishonesty record decided in the 3 years before today, naming it', async () => {
    const agency = await intermediary(h, regulator);
    const record = await createRecord(h, regulator, agency.uscc, {
      severity: 'minor',
      penalties: [{ type: '警告' }],
      decidedOn: '2024-03-01',
    });
    await apply(h, agency.token);
    const res = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/admission`, {
      token: admin,
      body: { decision: 'admit', note: '准予入驻' },
    });
    expect(res.status, show(res)).toBe(422);
    expect(res.body.records).toEqual([{ id: record.id, documentNo: record.documentNo, decidedOn: '2024-03-01', severity: 'minor' }]);
    expect(res.body.detail).toContain(record.id);
    const refused = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/admission`, {
      token: admin,
      body: { decision: 'refuse', note: '近三年有失信记录' },
    });
    expect(refused.body.refusalRecords.map((r: { id: string }) => r.id)).toEqual([record.id]);
    const own = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/profile`, { token: agency.token });
    expect(own.body).toMatchObject({ state: 'refused', refusalRecordIds: [record.id] });
  });

  it('admits an agency whose only record was decided more than 3 years before', async () => {
    const agency = await intermediary(h, regulator);
    await createRecord(h, regulator, agency.uscc, { decidedOn: '2023-09-29' });
    await apply(h, agency.token);
    expect(await admit(h, admin, agency.uscc)).toMatchObject({ state: 'admitted' });
  });
});

describe('suspension', () => {
  it('suspends and lifts, each step audited and published; a suspended agency is not selectable meanwhile', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const suspended = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/suspensions`, {
      token: regulator,
      body: { reason: 'discipline', detail: '拒不配合监督检查', endsOn: '2027-03-31' },
    });
    expect(suspended.status, show(suspended)).toBe(201);
    expect(suspended.body).toMatchObject({ reason: 'discipline', startsOn: '2026-09-30', endsOn: '2027-03-31', active: true });
    const twice = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/suspensions`, {
      token: admin,
      body: { reason: 'fraud', detail: '再次' },
    });
    expect(twice.status, show(twice)).toBe(409);
    let profile = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}`);
    expect(profile.body).toMatchObject({ suspended: true, selectable: false });
    expect(profile.body.notSelectableReasons.map((r: { code: string }) => r.code)).toEqual(['suspended']);

    const id = suspended.body.id;
    expect(
      (await h.request('POST', `/api/v1/market/suspensions/${id}/lift`, { token: regulator, body: { reason: '整改完成' } })).status,
    ).toBe(403);
    clock.set(onDay('2026-10-20'));
    const lifted = await h.request('POST', `/api/v1/market/suspensions/${id}/lift`, { token: admin, body: { reason: '整改完成' } });
    expect(lifted.status, show(lifted)).toBe(200);
    expect(lifted.body).toMatchObject({ liftedOn: '2026-10-20', liftReason: '整改完成', active: false });
    profile = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}`);
    expect(profile.body).toMatchObject({ suspended: false, selectable: true });
    expect(profile.body.suspensions[0]).toMatchObject({ id, liftedOn: '2026-10-20' });
    const audit = await h.db.selectFrom('audit.entries').select('action').where('entity_id', '=', id).orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['agency.suspend', 'agency.suspension_lift']);
    const events = await h.db.selectFrom('sync.events').select('type').where('entity_id', '=', id).orderBy('id').execute();
    expect(events.map((e) => e.type)).toEqual(['market.agency_suspended', 'market.agency_suspension_lifted']);
    expect((await h.request('POST', `/api/v1/market/suspensions/${id}/lift`, { token: admin, body: { reason: '再次' } })).status).toBe(409);
  });

  it('lets a regulator suspend for discipline only; complaints default to 12 months', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const fraud = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/suspensions`, {
      token: regulator,
      body: { reason: 'fraud', detail: '以虚假材料入驻' },
    });
    expect(fraud.status, show(fraud)).toBe(403);
    const complaints = await h.request('POST', `/api/v1/market/agencies/${agency.uscc}/suspensions`, {
      token: admin,
      body: { reason: 'complaints', detail: '一年内三次投诉经核实' },
    });
    expect(complaints.status, show(complaints)).toBe(201);
    expect(complaints.body).toMatchObject({ startsOn: '2026-09-30', endsOn: '2027-09-30' });
  });
});

describe('the public profile', () => {
  it("publishes the business contact as given, masks a person's ID number typed into free text, and shows no applicant", async () => {
    const agency = await intermediary(h, regulator);
    await apply(h, agency.token, { introduction: '负责人身份证 110101199003074514，欢迎咨询' });
    expect((await h.request('GET', `/api/v1/market/agencies/${agency.uscc}`)).status).toBe(404);
    await admit(h, admin, agency.uscc);
    const res = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}`);
    expect(res.status, show(res)).toBe(200);
    expect(res.body.contact).toEqual({ name: '李敏', phone: '024-23456789', email: 'business@example.com' });
    expect(res.body.introduction).not.toContain('110101199003074514');
    expect(res.body.services[0]).toMatchObject({ service: 'cd_drawing_review', serviceName: '人防工程施工图审查', feeMinFen: '500000' });
    expect(res.body.qualifications[0]).toMatchObject({ name: '人防工程施工图设计审查', valid: true });
    expect(res.body).toMatchObject({ selectable: true, suspended: false, ratings: { count: 0, average: null } });
    expect(res.body.agencyScore).toMatchObject({ score: 95, grade: 'AAA', parts: { regulator: 70, public: 10, social: 15 } });
    expect(res.body.creditGrades[0]).toMatchObject({ asOf: '2026-09-30', grade: 'AAA' });
  });
});
