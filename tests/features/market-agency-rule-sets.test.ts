import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { admittedAgency } from '../helpers/market-agencies.js';

/** The 中介 scheme's versions: public, added by the operator only, never changed, in force from their day. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let admin: string;
let regulator: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  clock.set(onDay('2026-11-20'));
  await h.close();
});

const version = (overrides: Record<string, unknown> = {}) => ({
  version: '中介-2027.1',
  effectiveFrom: '2027-01-01',
  parts: { regulator: 60, publicCredit: 10, social: 30 },
  deductions: { minor: 3, general: 12, serious: 30 },
  goodAddition: 2,
  publicDeduction: 5,
  complaintDeduction: 5,
  socialDefault: 21,
  ratingWindowMonths: 24,
  gradeMinimums: { AAA: 90, AA: 80, A: 70, B: 60 },
  note: '社会评价权重提高至 30 分',
  ...overrides,
});

describe('the 中介 scheme versions', () => {
  it('are public, with the one in force today marked', async () => {
    const res = await h.request('GET', '/api/v1/market/rule-sets');
    expect(res.status, show(res)).toBe(200);
    expect(res.body.items[0]).toMatchObject({
      version: '中介-2026.1',
      inForce: true,
      parts: { regulator: 70, publicCredit: 10, social: 20 },
    });
  });

  it('refuses a version whose parts do not add up to 100, one taking effect in the past, and anyone but the operator', async () => {
    const bad = await h.request('POST', '/api/v1/market/rule-sets', {
      token: admin,
      body: version({ parts: { regulator: 70, publicCredit: 10, social: 30 } }),
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'parts', message: expect.stringContaining('100') });
    const past = await h.request('POST', '/api/v1/market/rule-sets', { token: admin, body: version({ effectiveFrom: '2026-11-19' }) });
    expect(past.status).toBe(422);
    const byRegulator = await h.request('POST', '/api/v1/market/rule-sets', { token: regulator, body: version() });
    expect(byRegulator.status).toBe(403);
    const listed = await h.request('GET', '/api/v1/market/rule-sets');
    expect(listed.body.items).toHaveLength(1);
  });

  it('scores by the new version from its first day on, and never changes a version once added', async () => {
    const agency = await admittedAgency(h, { regulator, admin });
    const before = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/evaluation`);
    expect(before.body).toMatchObject({ ruleVersion: '中介-2026.1', score: 70 + 10 + 15 });

    const added = await h.request('POST', '/api/v1/market/rule-sets', { token: admin, body: version() });
    expect(added.status, show(added)).toBe(201);
    expect(added.body).toMatchObject({ version: '中介-2027.1', inForce: false });
    const again = await h.request('POST', '/api/v1/market/rule-sets', { token: admin, body: version({ note: '改' }) });
    expect(again.status).toBe(409);

    // The day before, the old version still scores; from 1 January, the new one (60 + 10 + 21 unrated).
    const lastOld = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/evaluation?asOf=2026-12-31`);
    expect(lastOld.body).toMatchObject({ ruleVersion: '中介-2026.1', score: 95 });
    const firstNew = await h.request('GET', `/api/v1/market/agencies/${agency.uscc}/evaluation?asOf=2027-01-01`);
    expect(firstNew.body).toMatchObject({ ruleVersion: '中介-2027.1', score: 91 });

    clock.set(onDay('2027-01-01'));
    const listed = await h.request('GET', '/api/v1/market/rule-sets');
    expect(listed.body.items.map((r: { version: string; inForce: boolean }) => [r.version, r.inForce])).toEqual([
      ['中介-2027.1', true],
      ['中介-2026.1', false],
    ]);
  });
});
