import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Receipt } from '../../src/features/checks/schemas.js';
import { canonicalJson, sha256Hex } from '../../src/lib/canonical.js';
import { createSubject, DEPT_A, recordBody, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
let regulator: string;
let applicant: string;
let clean: string;
let restricted: string;

beforeAll(async () => {
  h = await createHarness();
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  applicant = await h.tokens.sign('applicant', { sub: 'applicant:owner-1' });
  clean = (await createSubject(h, regulator)).uscc;
  restricted = (await createSubject(h, regulator)).uscc;
  const rec = await h.request('POST', '/api/v1/records', {
    token: regulator,
    body: recordBody(restricted, { severity: 'serious', decidedOn: '2026-05-10', documentNo: '沈人防罚〔2026〕88号' }),
  });
  expect(rec.status, show(rec)).toBe(201);
});
afterAll(async () => {
  await h.close();
});

describe('the bulk credit check', () => {
  it('answers every code in input order: valid, invalid, unknown and restricted', async () => {
    const unknown = uniqueUscc();
    const input = [clean.toLowerCase(), '91350100M000100Y44', unknown, restricted, clean];
    const res = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: input } });
    expect(res.status, show(res)).toBe(201);
    const receipt = Receipt.parse(res.body);
    expect(receipt.results.map((r) => r.uscc)).toEqual([clean, '91350100M000100Y44', unknown, restricted, clean]);
    expect(receipt.results[0]).toMatchObject({ valid: true, found: true, grade: 'AAA', score: 100, restricted: false, reasons: [] });
    expect(receipt.results[1]).toMatchObject({ valid: false, found: false, error: expect.stringContaining('position 18') });
    expect(receipt.results[2]).toMatchObject({ valid: true, found: false, grade: null });
    expect(receipt.results[3]).toMatchObject({ found: true, grade: 'C', score: 70, restricted: true });
    expect(receipt.results[3]!.reasons[0]).toContain('沈人防罚〔2026〕88号');
    expect(receipt.resultsHash).toBe(await sha256Hex(canonicalJson(receipt.results)));
  });

  it('checks as of a past date', async () => {
    const res = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: [restricted], asOf: '2026-05-09' } });
    expect(res.body.results[0]).toMatchObject({ restricted: false, grade: 'AAA' });
  });

  it('refuses more than 10,000 codes with 413', async () => {
    const res = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: Array(10_001).fill(clean) } });
    expect(res.status, show(res)).toBe(413);
  });

  it('keeps a receipt that reads back unchanged, to its requester only', async () => {
    const made = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: [clean, restricted] } });
    // Later changes to the data do not change what the receipt says was answered.
    await h.request('PATCH', `/api/v1/subjects/${clean}`, { token: regulator, body: { name: '改名后的公司' } });
    const read = await h.request('GET', `/api/v1/checks/${made.body.id}`, { token: applicant });
    expect(read.status, show(read)).toBe(200);
    expect(read.body).toEqual(made.body);
    const otherApplicant = await h.tokens.sign('applicant', { sub: 'applicant:owner-2' });
    expect((await h.request('GET', `/api/v1/checks/${made.body.id}`, { token: otherApplicant })).status).toBe(403);
    expect((await h.request('GET', `/api/v1/checks/${made.body.id}`, { token: await h.tokens.sign('admin') })).status).toBe(200);
  });

  it('is not open to subjects or finance clerks', async () => {
    expect((await h.request('POST', '/api/v1/checks', { token: await h.tokens.sign('finance'), body: { usccs: [clean] } })).status).toBe(
      403,
    );
  });
});
