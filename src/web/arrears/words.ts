/** The arrears pages' words for the ledger's codes, and its exact amounts in yuan. */

/** The aging report's buckets, in order, as the report defines them (days past the due date). */
export const AGING_BUCKETS = [
  { key: 'notYetDue', label: '未到期', long: '未到期' },
  { key: 'd1to30', label: '1–30天', long: '逾期 1–30 天' },
  { key: 'd31to90', label: '31–90天', long: '逾期 31–90 天' },
  { key: 'd91to180', label: '91–180天', long: '逾期 91–180 天' },
  { key: 'd181to365', label: '181–365天', long: '逾期 181–365 天' },
  { key: 'over365', label: '365天以上', long: '逾期 365 天以上' },
] as const;

export type BucketKey = (typeof AGING_BUCKETS)[number]['key'];
/** The overdue buckets: all but "not yet due". */
export const OVERDUE_BUCKETS: BucketKey[] = ['d1to30', 'd31to90', 'd91to180', 'd181to365', 'over365'];

export const BODY_KINDS: Record<string, string> = { organ: '机关', institution: '事业单位', soe: '国有企业' };
export const SIZES: Record<string, string> = { micro: '微型', small: '小型', medium: '中型', large: '大型' };

export const POSTING_TYPES: Record<string, string> = {
  obligation: '应付款形成',
  payment: '付款',
  interest_payment: '支付逾期利息',
  adjustment: '调整',
  reversal: '冲正',
};
export const ACCOUNTS: Record<string, string> = { principal: '本金', interest: '利息' };
export const DIRECTIONS: Record<string, string> = { debit: '借（应付增加）', credit: '贷（应付减少）' };

export const EVENT_TYPES: Record<string, string> = {
  delivery: '交付',
  inspection_passed: '验收合格',
  settlement_confirmed: '结算确认',
  dispute: '提出争议',
  dispute_resolved: '争议解决',
};
export const OBLIGATION_BASIS: Record<string, string> = { delivery: '交付', settlement: '结算' };

export const PAYMENT_RULES: Record<string, string> = {
  contract_terms: '按合同约定（2020年9月1日前签订，不适用《保障中小企业款项支付条例》）',
  regulation_2020: '《保障中小企业款项支付条例》（国务院令第728号）',
  regulation_2025: '《保障中小企业款项支付条例》（2025年修订）',
};

/** How late interest accrues on a contract, from the contract view's fields. */
export function lateInterestText(c: {
  agreedAnnualRate: string | null;
  dayCountBasis: number;
  paymentRule: { code: string };
  contractor: { smeAtSigning: boolean };
}): string {
  if (c.agreedAnnualRate) return `约定年利率 ${c.agreedAnnualRate}，按每年 ${c.dayCountBasis} 天折算日利率`;
  if (c.paymentRule.code === 'contract_terms') return '未约定（签订于条例施行前，不适用条例的默认利率）';
  if (c.contractor.smeAtSigning) return '未约定，按每日万分之五计算';
  return '未约定（签订时承包方不是中小企业）';
}

/** An interest segment's daily rate in words ("3.6000% / 365 per day", "0.05% per day"). */
export function dailyRateText(rate: string): string {
  const agreed = /^(.+) \/ (\d+) per day$/.exec(rate);
  if (agreed) return `年利率 ${agreed[1]} ÷ ${agreed[2]} 天`;
  const flat = /^(.+) per day$/.exec(rate);
  if (flat) return `每日 ${flat[1]}`;
  return rate;
}

/**
 * An exact decimal amount of fen ("12345.6789", as interest segments give it) in yuan, every digit kept:
 * "¥123.456789". Thousands are separated as yuan() does.
 */
export function exactYuan(fenDecimal: string): string {
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(fenDecimal);
  if (!match) return fenDecimal;
  const [, sign, whole, fraction = ''] = match;
  const fen = whole!.padStart(3, '0');
  const yuanPart = fen
    .slice(0, -2)
    .replace(/^0+(?=\d)/, '')
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const decimals = `${fen.slice(-2)}${fraction}`.replace(/(\d{2}\d*?)0+$/, '$1');
  return `${sign}¥${yuanPart}.${decimals}`;
}
