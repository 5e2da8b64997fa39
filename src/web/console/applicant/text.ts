/** The applicant pages' own words for the announcement's codes; the shared ones are in src/web/words.ts. */

export const QUOTE_KINDS: Record<string, string> = { amount: '报价金额', discount: '按收费标准折扣' };

export const RESULT_STATES: Record<string, string> = { uploaded: '已上传，待业主确认', confirmed: '业主已确认', returned: '业主已退回' };
