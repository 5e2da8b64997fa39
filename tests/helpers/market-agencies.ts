import { expect } from 'vitest';
import { createSubject } from './factories.js';
import { type Harness, show } from './harness.js';

/** Setup for the 中介超市's agency tests: an application body, an intermediary with its token, an admitted agency. */
let certificates = 0;

export function applicationBody(overrides: Record<string, unknown> = {}) {
  certificates += 1;
  return {
    staffCount: 12,
    regions: ['210100'],
    introduction: '专业从事人防工程施工图审查',
    contact: { name: '李敏', phone: '024-23456789', email: 'business@example.com' },
    qualifications: [
      {
        name: '人防工程施工图设计审查',
        level: '甲级',
        certificateNo: `RF-${Date.now() % 100000}-${certificates}`,
        validUntil: '2028-12-31',
      },
    ],
    offers: [
      {
        service: 'cd_drawing_review',
        feeKind: 'range',
        feeBasis: '辽价发〔2020〕12号',
        feeMinFen: '500000',
        feeMaxFen: '2000000',
        unit: '项',
      },
    ],
    ...overrides,
  };
}

export async function intermediary(h: Harness, regulator: string, overrides: Record<string, unknown> = {}) {
  const subject = await createSubject(h, regulator, { kind: 'intermediary', ...overrides });
  return { ...subject, token: await h.tokens.sign('subject', { uscc: subject.uscc }) };
}

export async function apply(h: Harness, token: string, overrides: Record<string, unknown> = {}) {
  const res = await h.request('POST', '/api/v1/market/agencies', { token, body: applicationBody(overrides) });
  expect(res.status, `apply: ${show(res)}`).toBe(201);
  return res.body;
}

export async function admit(h: Harness, admin: string, uscc: string) {
  const res = await h.request('POST', `/api/v1/market/agencies/${uscc}/admission`, {
    token: admin,
    body: { decision: 'admit', note: '材料齐全，准予入驻' },
  });
  expect(res.status, `admit: ${show(res)}`).toBe(200);
  return res.body;
}

/** An intermediary that applied and was admitted. */
export async function admittedAgency(
  h: Harness,
  tokens: { regulator: string; admin: string },
  profile: Record<string, unknown> = {},
  subject: Record<string, unknown> = {},
) {
  const agency = await intermediary(h, tokens.regulator, subject);
  await apply(h, agency.token, profile);
  await admit(h, tokens.admin, agency.uscc);
  return agency;
}
