import { expect } from 'vitest';
import { uniqueUscc } from './factories.js';
import { type Harness, show } from './harness.js';

/** A debtor body, an SME contractor and a contract between them, through the API. */
export async function newContract(h: Harness, finance: string, overrides: Record<string, unknown> = {}, kind = 'organ') {
  const debtorUscc = uniqueUscc('11', '210100');
  const contractorUscc = uniqueUscc();
  const body = await h.request('POST', '/api/v1/arrears/bodies', {
    token: finance,
    body: { uscc: debtorUscc, name: '沈阳市某区人防办', kind, department: '沈阳市人民防空办公室' },
  });
  expect(body.status, show(body)).toBe(201);
  const contractor = await h.request('POST', '/api/v1/arrears/contractors', {
    token: finance,
    body: { uscc: contractorUscc, name: '沈阳某建筑工程有限公司', sme: true, size: 'small' },
  });
  expect(contractor.status, show(contractor)).toBe(201);
  const contract = await h.request('POST', '/api/v1/arrears/contracts', {
    token: finance,
    body: { debtorUscc, contractorUscc, projectName: '人防工程改造', amountFen: '100000000', signedOn: '2026-01-02', ...overrides },
  });
  expect(contract.status, show(contract)).toBe(201);
  return { id: contract.body.id as string, debtorUscc, contractorUscc };
}

let key = 0;
export async function event(h: Harness, finance: string, id: string, body: Record<string, unknown>) {
  const res = await h.request('POST', `/api/v1/arrears/contracts/${id}/events`, { token: finance, body });
  expect(res.status, show(res)).toBe(201);
  return res.body;
}

export function postTo(
  h: Harness,
  finance: string,
  id: string,
  body: Record<string, unknown>,
  idempotencyKey = `k-${++key}-${Date.now()}`,
) {
  return h.request('POST', `/api/v1/arrears/contracts/${id}/postings`, {
    token: finance,
    body,
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}
