import { expect } from 'vitest';
import { createRecord, publishedEntry, transition } from './factories.js';
import { type Harness, show } from './harness.js';

/** Setup for the 中介超市's announcement tests: an announcement body, its publication, sign-ups, bids and the selection. */
let serial = 0;

export function announcementBody(overrides: Record<string, unknown> = {}) {
  serial += 1;
  return {
    projectCode: `2026-210102-47-01-${String(100000 + serial).slice(-6)}`,
    projectName: `沈阳市第${serial}中学人防工程`,
    ownerName: '沈阳市教育局',
    service: 'cd_drawing_review',
    region: '210102',
    fiscal: true,
    quoteKind: 'amount',
    priceCapFen: '3000000',
    priceFloorFen: '100000',
    signupDeadline: '2026-11-27T02:00:00Z',
    selectionAt: '2026-11-27T03:00:00Z',
    qualifications: { match: 'any', names: ['人防工程施工图设计审查'] },
    minStaff: 5,
    avoid: [],
    mode: 'random',
    complaintContact: '024-22345678（沈阳市人防办）',
    description: '人防工程施工图审查',
    ...overrides,
  };
}

export async function draft(h: Harness, owner: string, overrides: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/market/announcements', { token: owner, body: announcementBody(overrides) });
  expect(res.status, `draft: ${show(res)}`).toBe(201);
  return res.body;
}

export async function published(h: Harness, owner: string, overrides: Record<string, unknown> = {}) {
  const created = await draft(h, owner, overrides);
  const res = await h.request('POST', `/api/v1/market/announcements/${created.id}/publish`, { token: owner });
  expect(res.status, `publish: ${show(res)}`).toBe(200);
  return res.body;
}

export async function signUp(h: Harness, id: string, agencyToken: string) {
  const res = await h.request('POST', `/api/v1/market/announcements/${id}/signups`, { token: agencyToken, body: {} });
  expect(res.status, `sign up: ${show(res)}`).toBe(201);
  return res.body;
}

export async function bid(h: Harness, id: string, agencyToken: string, body: Record<string, string>) {
  const res = await h.request('POST', `/api/v1/market/announcements/${id}/bids`, { token: agencyToken, body });
  expect(res.status, `bid: ${show(res)}`).toBe(200);
  return res.body;
}

export async function select(h: Harness, id: string, owner: string) {
  const res = await h.request('POST', `/api/v1/market/announcements/${id}/selection`, { token: owner });
  expect(res.status, `selection: ${show(res)}`).toBe(200);
  return res.body;
}

/**
 * Black-lists an agency and returns the entry. A black entry rests on a serious record in effect; by
 * default one decided 2023-11-25, shown until 2026-11-25, so from 2026-11-26 on only the entry restricts.
 */
export async function blackList(h: Harness, tokens: { regulator: string; reviewer: string }, uscc: string, recordDecidedOn = '2023-11-25') {
  const record = await createRecord(h, tokens.regulator, uscc, { severity: 'serious', decidedOn: recordDecidedOn });
  return publishedEntry(h, tokens, { subjectUscc: uscc, list: 'black', recordIds: [record.id], validUntil: '2027-12-31' });
}

export async function exitEntry(h: Harness, regulator: string, entryId: string) {
  return transition(h, regulator, entryId, 'exit', { reason: 'standard_changed: 认定标准调整' });
}

export async function suspend(h: Harness, regulator: string, uscc: string) {
  const res = await h.request('POST', `/api/v1/market/agencies/${uscc}/suspensions`, {
    token: regulator,
    body: { reason: 'discipline', detail: '拒不配合监督检查', endsOn: '2027-03-31' },
  });
  expect(res.status, `suspend: ${show(res)}`).toBe(201);
  return res.body;
}
