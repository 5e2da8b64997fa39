import type { IsoDate } from '../../lib/dates.js';

/**
 * Which rule governs a contract's payment and late interest (domain §10), by the day it was signed:
 * - before 2020-09-01 the 条例 does not apply: the contract's own term, interest only at a rate it
 *   agreed (no default 0.05% a day, no LPR floor) — the long-standing 清欠 stock is recorded so;
 * - from 2020-09-01 the 条例 (国务院令第728号): 30/60-day terms, an agreed rate not below the LPR at
 *   signing, else 0.05% a day for an SME;
 * - from 2025-06-01 its 2025 revision, with the same terms and interest rule.
 * The version is chosen by the signing date (design choice): both versions count the same way, the
 * answer only names the one in force when the parties agreed.
 */
export const REGULATION_FROM: IsoDate = '2020-09-01';
export const REVISION_FROM: IsoDate = '2025-06-01';

export type PaymentRuleCode = 'contract_terms' | 'regulation_2020' | 'regulation_2025';
export type PaymentRule = { code: PaymentRuleCode; basis: string; covered: boolean };

export function paymentRuleOf(signedOn: IsoDate): PaymentRule {
  if (signedOn < REGULATION_FROM) {
    return {
      code: 'contract_terms',
      basis: `签订于${REGULATION_FROM}之前，《保障中小企业款项支付条例》不适用：按合同约定的付款期限，仅按合同约定的利率计付逾期利息（无默认利率，无LPR下限）`,
      covered: false,
    };
  }
  if (signedOn < REVISION_FROM)
    return { code: 'regulation_2020', basis: '《保障中小企业款项支付条例》（国务院令第728号，2020年9月1日施行）', covered: true };
  return { code: 'regulation_2025', basis: '《保障中小企业款项支付条例》（2025年修订，2025年6月1日施行）', covered: true };
}
