import type { Role } from '../core/actor.js';

/**
 * The words the pages use for the registry's codes, and how every page shows and reads money, rates
 * and whole numbers: one helper each, exact (bigint and string arithmetic, never a float). The tables
 * for the market's and the records' codes are in words.ts, Beijing time in time.ts.
 */
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

export const YUAN_FORMAT_ERROR = '金额格式不正确：以元为单位的数字，最多两位小数，如 12000 或 12000.50';
export const YUAN_ZERO_ERROR = '金额必须大于零';

/**
 * An amount typed in 元 as exact fen, the API's string of digits: thousands separators (, or ，),
 * spaces, a leading ¥ or ￥ and a trailing 元 are allowed; at most 14 digits of 元 and two decimals;
 * no sign. Nothing typed is `{}` (the field is absent); an amount that is not one is `{ error }` in
 * words for the field. Zero is refused unless `zero: 'allowed'` (a price floor may be 0; a fine may not).
 */
export function fenOfYuan(typed: string | undefined, options: { zero?: 'allowed' | 'refused' } = {}): { fen?: string; error?: string } {
  if (typed === undefined || typed.trim() === '') return {};
  const plain = typed
    .replace(/[\s,，]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  const match = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(plain);
  if (!match) return { error: YUAN_FORMAT_ERROR };
  const fen = BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'));
  if (fen === 0n && options.zero !== 'allowed') return { error: YUAN_ZERO_ERROR };
  return { fen: fen.toString() };
}

/** Fen as the 元 a form shows for editing ("3000", "2800.50"): exact, without separators; empty for none. */
export function yuanInput(fen: string | number | bigint | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '';
  const value = BigInt(fen);
  const abs = value < 0n ? -value : value;
  const cents = abs % 100n;
  const whole = `${value < 0n ? '-' : ''}${abs / 100n}`;
  return cents === 0n ? whole : `${whole}.${cents.toString().padStart(2, '0')}`;
}

/**
 * A whole number typed in a form field: undefined when nothing was typed, the number when it is up to
 * nine digits, otherwise the text itself so the API's schema names the field ("格式不正确").
 */
export function wholeNumberOf(typed: string | undefined): number | string | undefined {
  const value = typed?.trim();
  if (value === undefined || value === '') return undefined;
  return /^\d{1,9}$/.test(value) ? Number(value) : value;
}

/**
 * A decimal rate as a percentage, exactly: the decimal point moved two places ("0.8500" → "85%",
 * "0.855" → "85.5%", "1" → "100%"). A rate in the market is the share of the standard fee quoted.
 */
export function ratePercent(rate: string | null | undefined): string {
  if (rate === null || rate === undefined || rate === '') return '—';
  const match = /^(\d+)(?:\.(\d*))?$/.exec(rate.trim());
  if (!match) return rate;
  const fraction = (match[2] ?? '').padEnd(2, '0');
  const whole = BigInt(`${match[1]}${fraction.slice(0, 2)}`).toString();
  const rest = fraction.slice(2).replace(/0+$/, '');
  return `${whole}${rest ? `.${rest}` : ''}%`;
}

/** A bid as it reads: an amount in yuan, or a discount rate with its percentage ("0.8500（85%）"); "—" for none. */
export function bidText(bid: { amountFen?: string | null; discountRate?: string | null } | null | undefined): string {
  if (!bid) return '—';
  if (bid.amountFen !== null && bid.amountFen !== undefined) return yuan(bid.amountFen);
  if (bid.discountRate) return `${bid.discountRate}（${ratePercent(bid.discountRate)}）`;
  return '—';
}
