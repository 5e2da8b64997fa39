import { parseUscc } from '../../lib/uscc.js';
import { ratePercent, yuan } from '../text.js';

/** The 中介超市 pages' own words for the market's codes, and how they show fees; the shared words are in src/web/words.ts. */

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

export const SORT_NAMES: Record<string, string> = {
  credit: '信用分（高到低）',
  rating: '评价（高到低）',
  fee: '收费（低到高，需先选服务）',
};

type Fee = { feeKind: string; feeMinFen: string | null; feeMaxFen: string | null; discountRate: string | null; unit: string };

/** A published fee in words: an amount, a range or a discount on the standard fee, per unit. */
export function feeText(fee: Fee): string {
  if (fee.feeKind === 'discount') return `按收费标准的 ${ratePercent(fee.discountRate)} 收取（费率 ${fee.discountRate ?? '—'}）`;
  if (fee.feeKind === 'range' && fee.feeMaxFen !== null && fee.feeMaxFen !== fee.feeMinFen)
    return `${yuan(fee.feeMinFen)} – ${yuan(fee.feeMaxFen)} / ${fee.unit}`;
  return `${yuan(fee.feeMinFen)} / ${fee.unit}`;
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
