import type { IsoDate } from '../lib/dates.js';
import { organisationCode, penaltyContent, type StoredPenalty } from './exports.js';

/**
 * The red and black list entries as the city's 黑名单 exchange table carries them (domain §9), for
 * the platform role only (text unmasked, as exports.ts explains), plus the four facts a list entry
 * also needs: 名单类型 MDLX, 有效期 YXQ, 移出日期 YCRQ, 移出原因 YCYY.
 *
 * Which entries: every published red or black entry that was not voided. An exited entry appears with
 * its exit date and reason, so a platform taking the file learns the 移出 as well as the feed tells it.
 * An entry exited because the subject's credit was repaired keeps only who, which entry and the exit:
 * after a repair the facts stop being shared (36号令, 停止共享), so ZYSXSS and XZCFHPJNR are empty.
 * A voided entry (an upheld objection) counts as never listed and is not exported at all.
 */
export const LIST_FIELDS = [
  'TYSHXYDM',
  'GSZCH',
  'ZZJGDM',
  'FDDBR',
  'RDWH',
  'RDDW',
  'JGQC',
  'ZYSXSS',
  'ZCDZ',
  'QRYZSXSJ',
  'XZCFHPJNR',
  'MDLX',
  'YXQ',
  'YCRQ',
  'YCYY',
] as const;
export type ListField = (typeof LIST_FIELDS)[number];
export type ListRow = Record<ListField, string>;

export const LIST_FIELD_NAMES: Record<ListField, string> = {
  TYSHXYDM: '统一社会信用代码',
  GSZCH: '工商注册号 (not kept: empty)',
  ZZJGDM: '组织机构代码 (positions 9–17 of the USCC)',
  FDDBR: '法定代表人',
  RDWH: '认定文号 (the entry’s document number)',
  RDDW: '认定单位 (the listing department)',
  JGQC: '机构全称',
  ZYSXSS: '主要失信事实 (for a red entry: why it was listed); empty after a repair',
  ZCDZ: '注册地址 (not kept: empty)',
  QRYZSXSJ: '列入日期 (publication, the first day the entry applies)',
  XZCFHPJNR: '处罚或判决内容: the penalties of the records the entry rests on; empty after a repair',
  MDLX: '名单类型: 红名单 / 黑名单',
  YXQ: '有效期: the last day of the listing',
  YCRQ: '移出日期: empty while listed',
  YCYY: '移出原因: 有效期届满 / 信用修复 / 异议成立 / 认定标准变化 / 撤销认定; empty while listed',
};

const LIST_NAMES: Record<string, string> = { red: '红名单', black: '黑名单', watch: '重点关注名单' };
const EXIT_REASONS: Record<string, string> = {
  expired: '有效期届满',
  repaired: '信用修复',
  objection_upheld: '异议成立',
  standard_changed: '认定标准变化',
  revoked: '撤销认定',
};

export type ListEntryExportFacts = {
  subjectUscc: string;
  subjectName: string;
  legalRepresentative: string;
  list: string;
  documentNo: string;
  departmentName: string | null;
  reason: string;
  publishedOn: IsoDate;
  validUntil: IsoDate;
  exitedOn: IsoDate | null;
  exitReason: string | null;
  /** The current records the entry rests on, with their penalties. */
  records: { documentNo: string; penalties: StoredPenalty[] }[];
};

export function platformListRow(e: ListEntryExportFacts): ListRow {
  const sharingStopped = e.exitReason === 'repaired';
  const judged = e.records.filter((r) => r.penalties.length > 0).map((r) => `${r.documentNo}：${penaltyContent(r.penalties)}`);
  return {
    TYSHXYDM: e.subjectUscc,
    GSZCH: '',
    ZZJGDM: organisationCode(e.subjectUscc),
    FDDBR: e.legalRepresentative,
    RDWH: e.documentNo,
    RDDW: e.departmentName ?? '',
    JGQC: e.subjectName,
    ZYSXSS: sharingStopped ? '' : e.reason,
    ZCDZ: '',
    QRYZSXSJ: e.publishedOn,
    XZCFHPJNR: sharingStopped ? '' : judged.join('；'),
    MDLX: LIST_NAMES[e.list] ?? e.list,
    YXQ: e.validUntil,
    YCRQ: e.exitedOn ?? '',
    YCYY: e.exitReason ? (EXIT_REASONS[e.exitReason] ?? e.exitReason) : '',
  };
}
