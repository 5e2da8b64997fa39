import { addMonths, type IsoDate } from '../lib/dates.js';

/**
 * What the city platform receives in its own formats (domain §9): the 行政处罚 rows of the 双公示
 * template, with the CURRENT field names only (never the old CF_CFLB1/CF_CFLB2/CF_JG/CF_XZJG/DFBM/SJC).
 * Decided here, beside the public shapes, because these rows leave the registry.
 *
 * Unlike the public shapes, text goes as the department decided it, unmasked: the platform is the
 * recipient the law names for the full decision (it masks on publication itself), and the export is
 * served to the platform role (and the registry's admin) only. Person identifiers (CF_FR_SFZH,
 * CF_XDR_ZJHM, an ID number written in the facts) therefore reach the platform and nothing public:
 * the public profile, lists, feed payloads and the snapshot all go through the masked shapes.
 *
 * What the registry stores decides some cells. Its subjects are organisations and 个体工商户, each
 * with a USCC (no natural persons: their dishonesty is in principle not published, domain §3), and it
 * keeps no ID number of a person in a field of its own, no 工商注册号, 税务登记号, 事业单位证书号 or
 * 社会组织登记证号 (all replaced by the USCC since 三证合一): those cells are empty. The 组织机构代码
 * is positions 9–17 of the USCC (GB 32100). Dates are YYYY-MM-DD.
 */
export const PENALTY_FIELDS = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_XDR_GSZC',
  'CF_XDR_ZZJG',
  'CF_XDR_SWDJ',
  'CF_XDR_SYDW',
  'CF_XDR_SHZZ',
  'CF_FRDB',
  'CF_FR_ZJLX',
  'CF_FR_SFZH',
  'CF_XDR_ZJLX',
  'CF_XDR_ZJHM',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_NR_FK',
  'CF_NR_WFFF',
  'CF_NR_ZKDX',
  'CF_JDRQ',
  'CF_YXQ',
  'CF_GSJZQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
  'BZ',
] as const;
export type PenaltyField = (typeof PENALTY_FIELDS)[number];
export type PenaltyRow = Record<PenaltyField, string>;

/** What each field holds, for the OpenAPI description of the rows. */
export const PENALTY_FIELD_NAMES: Record<PenaltyField, string> = {
  CF_XDR_MC: '行政相对人名称',
  CF_XDR_LB: '行政相对人类别: 法人及非法人组织 / 自然人 / 个体工商户 (USCC 92… is a 个体工商户)',
  CF_XDR_SHXYM: '统一社会信用代码',
  CF_XDR_GSZC: '工商注册号 (not kept: empty)',
  CF_XDR_ZZJG: '组织机构代码 (positions 9–17 of the USCC)',
  CF_XDR_SWDJ: '税务登记号 (not kept: empty)',
  CF_XDR_SYDW: '事业单位证书号 (not kept: empty)',
  CF_XDR_SHZZ: '社会组织登记证号 (not kept: empty)',
  CF_FRDB: '法定代表人',
  CF_FR_ZJLX: '法定代表人证件类型 (platform only; the registry keeps none: empty)',
  CF_FR_SFZH: '法定代表人证件号码 (platform only; the registry keeps none: empty)',
  CF_XDR_ZJLX: '证件类型, for natural persons (platform only; none registered: empty)',
  CF_XDR_ZJHM: '证件号码, for natural persons (platform only; none registered: empty)',
  CF_WSH: '行政处罚决定书文号',
  CF_WFXW: '违法行为类型 (the record category)',
  CF_SY: '违法事实',
  CF_YJ: '处罚依据',
  CF_CFLB: '处罚类别, several separated by ";"',
  CF_NR: '处罚内容',
  CF_NR_FK: '罚款金额 in 万元, exact to the fen (6 decimals); empty without a fine or when its amount is not recorded',
  CF_NR_WFFF: '没收违法所得、没收非法财物的金额 in 万元 (6 decimals), as CF_NR_FK',
  CF_NR_ZKDX: '暂扣或吊销证照名称及编号',
  CF_JDRQ: '处罚决定日期',
  CF_YXQ: '处罚有效期: the end of the longest term a penalty carries, else 2099-12-31 (the template’s 长期)',
  CF_GSJZQ: '公示截止期: the last day the decision is shown',
  CF_CFJG: '处罚机关',
  CF_CFJGDM: '处罚机关统一社会信用代码',
  CF_SJLY: '数据来源单位 (the deciding department)',
  CF_SJLYDM: '数据来源单位统一社会信用代码',
  BZ: '备注: the registry’s record id, as feed events name it (entityId)',
};

/**
 * Mandatory in the 双公示 template for every decision (the quality report's completeness). Amount and
 * licence cells are mandatory only where a penalty of their kind was imposed (conditionalMandatory);
 * the person-identifier cells only for a natural person, whom the registry does not hold.
 */
export const PENALTY_MANDATORY: readonly PenaltyField[] = [
  'CF_XDR_MC',
  'CF_XDR_LB',
  'CF_XDR_SHXYM',
  'CF_FRDB',
  'CF_WSH',
  'CF_WFXW',
  'CF_SY',
  'CF_YJ',
  'CF_CFLB',
  'CF_NR',
  'CF_JDRQ',
  'CF_YXQ',
  'CF_GSJZQ',
  'CF_CFJG',
  'CF_CFJGDM',
  'CF_SJLY',
  'CF_SJLYDM',
];

/** The mandatory fields of a row that are empty, conditional ones included. */
export function missingPenaltyFields(row: PenaltyRow): PenaltyField[] {
  const missing = PENALTY_MANDATORY.filter((field) => row[field] === '');
  const types = new Set(row.CF_CFLB.split(';'));
  if (types.has('罚款') && row.CF_NR_FK === '') missing.push('CF_NR_FK');
  if ((types.has('没收违法所得') || types.has('没收非法财物')) && row.CF_NR_WFFF === '') missing.push('CF_NR_WFFF');
  if ((types.has('暂扣许可证件') || types.has('吊销许可证件')) && row.CF_NR_ZKDX === '') missing.push('CF_NR_ZKDX');
  return missing;
}

/** A penalty as stored on a record (records/schemas.ts), with its amount in fen where one was recorded. */
export type StoredPenalty = { type: string; content?: string; termMonths?: number; amountFen?: string };

export type PenaltyDecisionFacts = {
  id: string;
  subjectUscc: string;
  subjectName: string;
  legalRepresentative: string;
  documentNo: string;
  categoryName: string;
  facts: string;
  basis: string;
  penalties: StoredPenalty[];
  decidedOn: IsoDate;
  shownUntil: IsoDate;
  department: string;
  departmentName: string | null;
};

/** A decision as the platform's 行政处罚 row. */
export function platformPenaltyRow(d: PenaltyDecisionFacts): PenaltyRow {
  const department = d.departmentName ?? '';
  return {
    CF_XDR_MC: d.subjectName,
    CF_XDR_LB: subjectCategory(d.subjectUscc),
    CF_XDR_SHXYM: d.subjectUscc,
    CF_XDR_GSZC: '',
    CF_XDR_ZZJG: organisationCode(d.subjectUscc),
    CF_XDR_SWDJ: '',
    CF_XDR_SYDW: '',
    CF_XDR_SHZZ: '',
    CF_FRDB: d.legalRepresentative,
    CF_FR_ZJLX: '',
    CF_FR_SFZH: '',
    CF_XDR_ZJLX: '',
    CF_XDR_ZJHM: '',
    CF_WSH: d.documentNo,
    CF_WFXW: d.categoryName,
    CF_SY: d.facts,
    CF_YJ: d.basis,
    CF_CFLB: [...new Set(d.penalties.map((p) => p.type))].join(';'),
    CF_NR: penaltyContent(d.penalties),
    CF_NR_FK: amountInWanYuan(d.penalties, ['罚款']),
    CF_NR_WFFF: amountInWanYuan(d.penalties, ['没收违法所得', '没收非法财物']),
    CF_NR_ZKDX: licences(d.penalties),
    CF_JDRQ: d.decidedOn,
    CF_YXQ: penaltyValidUntil(d.decidedOn, d.penalties),
    CF_GSJZQ: d.shownUntil,
    CF_CFJG: department,
    CF_CFJGDM: d.department,
    CF_SJLY: department,
    CF_SJLYDM: d.department,
    BZ: d.id,
  };
}

/** 行政相对人类别 from the code: 92 is the 登记管理部门 + 类别 of a 个体工商户 (GB 32100). */
export function subjectCategory(uscc: string): '法人及非法人组织' | '个体工商户' {
  return uscc.startsWith('92') ? '个体工商户' : '法人及非法人组织';
}

/** The 组织机构代码 inside a USCC: positions 9–17. */
export function organisationCode(uscc: string): string {
  return uscc.slice(8, 17);
}

/** Each penalty in words, its own term after it: "罚款人民币二万元；限制从业（24个月）". */
export function penaltyContent(penalties: StoredPenalty[]): string {
  return penalties.map((p) => `${p.content || p.type}${p.termMonths ? `（${p.termMonths}个月）` : ''}`).join('；');
}

/**
 * The sum of the amounts of these penalty types in 万元 with six decimals, computed on integer fen
 * (1 万元 = 1,000,000 fen), so no float ever rounds it. Empty when there is no such penalty, or when
 * one of them has no recorded amount (the cell would otherwise understate the decision).
 */
function amountInWanYuan(penalties: StoredPenalty[], types: string[]): string {
  const matching = penalties.filter((p) => types.includes(p.type));
  if (matching.length === 0 || matching.some((p) => !p.amountFen)) return '';
  return wanYuan(matching.reduce((sum, p) => sum + BigInt(p.amountFen!), 0n));
}

export function wanYuan(fen: bigint): string {
  return `${fen / 1_000_000n}.${String(fen % 1_000_000n).padStart(6, '0')}`;
}

function licences(penalties: StoredPenalty[]): string {
  const matching = penalties.filter((p) => p.type === '暂扣许可证件' || p.type === '吊销许可证件');
  if (matching.length === 0 || matching.some((p) => !p.content)) return '';
  return matching.map((p) => p.content).join('；');
}

/** The template's 有效期: the end of the longest own term (domain §2b months), else 2099-12-31 for 长期. */
export function penaltyValidUntil(decidedOn: IsoDate, penalties: StoredPenalty[]): IsoDate {
  const months = Math.max(0, ...penalties.map((p) => p.termMonths ?? 0));
  return months > 0 ? addMonths(decidedOn, months) : '2099-12-31';
}
