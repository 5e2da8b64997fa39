import { completeUscc } from '../../src/lib/uscc.js';

let counter = 0;

/** A valid USCC no other test uses (organisation code body made from a per-run random prefix). */
export function uniqueUscc(category = '91', region = '210102'): string {
  counter += 1;
  const alphabet = '0123456789ABCDEFGHJKLMNPQRTUWXY';
  let body = '';
  let n = Math.floor(Math.random() * 31 ** 4) * 10_000 + counter;
  for (let i = 0; i < 8; i++) { body = alphabet[n % 31]! + body; n = Math.floor(n / 31); }
  return completeUscc(category + region, body);
}

export const DEPT_A = completeUscc('11210100', 'QY800001');
export const DEPT_B = completeUscc('11210100', 'QY800002');

export function subjectBody(overrides: Record<string, unknown> = {}) {
  return {
    uscc: uniqueUscc(),
    name: `沈阳测试${counter}号工程咨询有限公司`,
    kind: 'intermediary',
    legalRepresentative: '王建国',
    region: '210102',
    ...overrides,
  };
}

let documentCounter = 0;

/** A valid dishonesty record body; each call gets its own document number. */
export function recordBody(subjectUscc: string, overrides: Record<string, unknown> = {}) {
  documentCounter += 1;
  return {
    subjectUscc, kind: 'dishonesty', category: 'unjustified_delay', severity: 'general',
    facts: '无正当理由拖延出具评估报告 45 日', basis: '《沈阳市中介服务管理办法》第十二条',
    documentNo: `沈人防罚〔2026〕${Date.now() % 100000}-${documentCounter}号`,
    decidedOn: '2026-06-01', penalties: [{ type: '罚款', content: '罚款 2 万元' }], evidence: [], ...overrides,
  };
}

export const goodRecord = (decidedOn: string, category = 'commendation') =>
  ({ kind: 'good', category, severity: undefined, decidedOn, penalties: [] });
