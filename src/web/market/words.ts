import { parseUscc } from '../../lib/uscc.js';
import { yuan } from '../text.js';

/** The 中介超市 pages' words for the market's codes, and how they show fees, rates and moments. */

export const MODE_NAMES: Record<string, string> = {
  direct: '直接选取',
  random: '随机抽取',
  bid_lowest: '最低价',
  bid_best: '最优价',
  credit_first: '信用择优',
};

export const ANNOUNCEMENT_STATES: Record<string, string> = {
  draft: '草稿',
  published: '已发布',
  signing_up: '报名中',
  selecting: '选取中',
  selected: '已选定',
  under_contract: '已签订合同',
  in_service: '服务中',
  completed: '已完成',
  failed: '选取失败',
  cancelled: '已取消',
};

export const SELECTION_STATES: Record<string, string> = {
  publicised: '结果公示中',
  awaiting_pick: '待业主从短名单中选定',
  confirmed: '已确认',
  failed: '选取失败',
};

export const EXCLUSION_NAMES: Record<string, string> = {
  not_admitted: '未入驻中介超市',
  black_listed: '列入黑名单',
  serious_record: '有在效的严重失信记录',
  suspended: '暂停在中介超市承接业务',
  service_not_offered: '未提供该项服务',
  qualification_missing: '缺少要求的资质',
  qualification_expired: '资质已过期',
  region_not_covered: '服务区域不覆盖项目所在地',
  staff_below_minimum: '执业人员数不足',
  avoided: '按公告要求回避',
};

export const SUSPENSION_REASONS: Record<string, string> = {
  complaints: '一年内多次举报经查实',
  discipline: '违规处理',
  fraud: '弄虚作假',
};

export const REPORT_STATES: Record<string, string> = {
  received: '已受理，正在核查',
  dismissed: '经核查，举报事实不成立',
  verified: '经核查，举报事实属实',
};

export const RATING_DIMENSIONS: [key: 'quality' | 'timeliness' | 'attitude' | 'fee' | 'conduct', label: string][] = [
  ['quality', '质量'],
  ['timeliness', '时效'],
  ['attitude', '态度'],
  ['fee', '收费'],
  ['conduct', '规范'],
];

export const SORT_NAMES: Record<string, string> = {
  credit: '信用分（高到低）',
  rating: '评价（高到低）',
  fee: '收费（低到高，需先选服务）',
};

/** A decimal rate such as "0.8500" as the percentage of the standard fee it is, exactly ("85%", "85.5%"). */
export function ratePercent(rate: string | null | undefined): string {
  if (!rate) return '—';
  const [whole = '0', fraction = ''] = rate.split('.');
  const units = BigInt(`${whole}${fraction.padEnd(4, '0').slice(0, 4)}`); // ten-thousandths
  const percentWhole = units / 100n;
  const percentFraction = (units % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return `${percentWhole}${percentFraction ? `.${percentFraction}` : ''}%`;
}

type Fee = { feeKind: string; feeMinFen: string | null; feeMaxFen: string | null; discountRate: string | null; unit: string };

/** A published fee in words: an amount, a range or a discount on the standard fee, per unit. */
export function feeText(fee: Fee): string {
  if (fee.feeKind === 'discount') return `按收费标准的 ${ratePercent(fee.discountRate)} 收取（费率 ${fee.discountRate ?? '—'}）`;
  if (fee.feeKind === 'range' && fee.feeMaxFen !== null && fee.feeMaxFen !== fee.feeMinFen)
    return `${yuan(fee.feeMinFen)} – ${yuan(fee.feeMaxFen)} / ${fee.unit}`;
  return `${yuan(fee.feeMinFen)} / ${fee.unit}`;
}

/** An instant as Beijing time, to the minute: "2026-11-27 10:00". */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${at.slice(0, 10)} ${at.slice(11, 16)}`;
}

/** An instant's Beijing day: "2026-11-27". */
export function beijingDay(iso: string | null | undefined): string {
  return iso ? beijingTime(iso).slice(0, 10) : '—';
}

/** Why a typed 统一社会信用代码 is not one, in words a reporter reads (null: it is one). */
export function usccProblem(value: string): string | null {
  const result = parseUscc(value);
  if (result.ok) return null;
  const code = value.trim().toUpperCase();
  switch (result.rule) {
    case 'length':
      return `统一社会信用代码是 18 位，这里是 ${code.length} 位`;
    case 'alphabet':
      return `第 ${result.position} 位的“${code[result.position - 1]}”不能出现在统一社会信用代码中（只用数字和大写字母，不用 I、O、Z、S、V）`;
    case 'registration-category':
      return `前两位“${code.slice(0, 2)}”不是有效的登记管理部门码和机构类别码`;
    case 'region-code':
      return '第 3–8 位是行政区划码，应为数字';
    default:
      return `第 ${result.position} 位是校验位，与前面各位算出的不符：请逐位核对`;
  }
}
