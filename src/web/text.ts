import type { Role } from '../core/actor.js';

/** The words the pages use for the registry's codes, in one place. */
export const ROLE_NAMES: Record<Role, string> = {
  admin: '系统管理员',
  reviewer: '审核人员',
  regulator: '监管人员',
  subject: '信用主体',
  applicant: '项目业主',
  platform: '信用平台',
  finance: '财政部门',
};

export const LIST_NAMES: Record<string, string> = { red: '红名单', black: '黑名单', watch: '重点关注名单' };

/** Fen as yuan with two decimals and thousands separators, exact (bigint arithmetic, no float). */
export function yuan(fen: string | number | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '—';
  const value = BigInt(fen);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const cents = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}¥${whole}.${cents}`;
}
