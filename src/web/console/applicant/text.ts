/** The applicant pages' words for the announcement's codes, and the conversions its form needs. */

export const ANNOUNCEMENT_STATES: Record<string, [string, 'blue' | 'green' | 'amber' | 'red' | undefined]> = {
  draft: ['草稿', undefined],
  published: ['已发布', 'blue'],
  signing_up: ['报名中', 'blue'],
  selecting: ['选取中', 'amber'],
  selected: ['已选定', 'green'],
  under_contract: ['合同已备案', 'green'],
  in_service: ['服务中', 'green'],
  completed: ['已完成', 'green'],
  failed: ['选取失败', 'red'],
  cancelled: ['已取消', 'red'],
};

export const SELECTION_STATES: Record<string, string> = {
  awaiting_pick: '待业主从短名单中选定',
  publicised: '结果公示中',
  confirmed: '结果已确认',
  failed: '选取失败',
};

export const MODE_NAMES: Record<string, string> = {
  direct: '直接选取（仅非财政资金）',
  random: '随机抽取',
  bid_lowest: '竞价（最低价）',
  bid_best: '竞价（最优价）',
  credit_first: '信用择优',
};

export const QUOTE_KINDS: Record<string, string> = { amount: '报价金额', discount: '下浮率（折扣）' };

export const EXCLUSION_NAMES: Record<string, string> = {
  not_admitted: '未入驻中介超市',
  black_listed: '列入黑名单',
  serious_record: '有严重失信记录',
  suspended: '暂停选取',
  service_not_offered: '不提供该服务',
  qualification_missing: '缺少要求的资质',
  qualification_expired: '资质已过期',
  region_not_covered: '服务区域不覆盖',
  staff_below_minimum: '专业人员数不足',
  avoided: '回避',
};

export const RESULT_STATES: Record<string, string> = { uploaded: '已上传，待业主确认', confirmed: '业主已确认', returned: '业主已退回' };

export const OBJECTION_STATES: Record<string, string> = { filed: '待处理', upheld: '成立', rejected: '不成立' };

export const RATING_DIMENSIONS = [
  ['quality', '质量'],
  ['timeliness', '时效'],
  ['attitude', '态度'],
  ['fee', '收费'],
  ['conduct', '规范'],
] as const;

/** A moment in Beijing time for reading ("2026-12-01 09:00"). */
export function moment(iso: string | null | undefined): string {
  if (!iso) return '—';
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 16)}`;
}

/** The date in Beijing of a moment (the calendar day a deadline falls on). */
export const dayOf = (iso: string) => moment(iso).slice(0, 10);

/** A moment as a datetime-local field's value, in Beijing time ("2026-12-01T09:00"). */
export const localInput = (iso: string) => moment(iso).replace(' ', 'T');

/** A datetime-local field's value as the API's moment with Beijing's offset; anything else is passed on for the schema to name. */
export function momentOf(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00+08:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}+08:00`;
  return value;
}

/**
 * Yuan as typed ("12,000.50", "¥3000") to fen as the API's string of digits, exactly (no float); null
 * when it is not an amount of yuan with at most two decimals.
 */
export function fenOf(yuanText: string): string | null {
  const cleaned = yuanText.replace(/[\s,，]/g, '').replace(/^[¥￥]/, '');
  const match = /^(\d{1,14})(?:\.(\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  return (BigInt(match[1]!) * 100n + BigInt((match[2] ?? '').padEnd(2, '0'))).toString();
}

/** Fen as the yuan a form shows for editing ("3000", "2800.50"): exact, without separators. */
export function yuanInput(fen: string | null | undefined): string {
  if (fen === null || fen === undefined || fen === '') return '';
  const value = BigInt(fen);
  const cents = value % 100n;
  return cents === 0n ? (value / 100n).toString() : `${value / 100n}.${cents.toString().padStart(2, '0')}`;
}

/** A rate as a percentage for reading ("0.8500" → "85%"), exact: at most 4 places is at most 2 in percent. */
export function percentOf(rate: string | null | undefined): string {
  if (!rate) return '—';
  const [whole, fraction = ''] = rate.split('.');
  const scaled = BigInt(`${whole}${fraction.padEnd(4, '0')}`);
  const cents = scaled % 100n;
  return `${scaled / 100n}${cents === 0n ? '' : `.${cents.toString().padStart(2, '0').replace(/0$/, '')}`}%`;
}
