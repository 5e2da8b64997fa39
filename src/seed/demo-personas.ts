import type { TokenClaims } from '../signing/tokens.js';

/**
 * Who the demo sign-in signs in as: one person per role, each bound to the demo data (the regulator and
 * reviewer of the civil air defence office, the project owner that published its announcements, an
 * agency of the directory), so every console page has something to show.
 */
export const DEMO_PERSONAS = [
  { role: 'regulator', label: '监管人员（市人防办）', claims: { sub: 'demo:regulator', role: 'regulator', dept: '11210100QY80000166' } },
  { role: 'reviewer', label: '审核人员（市人防办）', claims: { sub: 'demo:reviewer', role: 'reviewer', dept: '11210100QY80000166' } },
  { role: 'admin', label: '系统管理员', claims: { sub: 'demo:admin', role: 'admin' } },
  { role: 'finance', label: '财政部门', claims: { sub: 'demo:finance', role: 'finance' } },
  { role: 'applicant', label: '项目业主（市人防办）', claims: { sub: 'applicant:shenyang-rfb', role: 'applicant' } },
  { role: 'platform', label: '市公共信用信息平台', claims: { sub: 'demo:platform', role: 'platform' } },
  {
    role: 'subject',
    label: '信用主体（沈阳盛京工程咨询有限公司）',
    claims: { sub: 'demo:subject', role: 'subject', uscc: '91210102QY90000187' },
  },
] as const satisfies readonly { role: TokenClaims['role']; label: string; claims: TokenClaims }[];

export type DemoPersona = (typeof DEMO_PERSONAS)[number];
