import type { IsoDate } from '../lib/dates.js';
import { subjectCategory } from './exports.js';

/**
 * Credit commitments (信用承诺) as the platform takes them, with the field names of domain §9. Only a
 * commitment whose 公开类型 is public is exported (commitmentDisclosure's rule): one kept from the
 * public, or shown on request, is the accepting unit's affair. Text goes unmasked to the platform role,
 * as exports.ts explains.
 */
export const COMMITMENT_FIELDS = [
  '承诺编码',
  '承诺人名称',
  '承诺人类别',
  '承诺人代码',
  '承诺类型',
  '承诺事由',
  '承诺内容',
  '违诺责任',
  '承诺作出日期',
  '有效期',
  '履行状态',
  '受理单位',
  '受理单位代码',
  '公开类型',
] as const;
export type CommitmentField = (typeof COMMITMENT_FIELDS)[number];
export type CommitmentRow = Record<CommitmentField, string>;

export const COMMITMENT_FIELD_NAMES: Record<CommitmentField, string> = {
  承诺编码: '6-digit region + 8-digit date + 6-digit serial',
  承诺人名称: 'the subject’s name',
  承诺人类别: '法人及非法人组织 / 个体工商户',
  承诺人代码: 'the subject’s 统一社会信用代码',
  承诺类型: '审批替代型 / 容缺受理型 / 证明事项型 / 信用修复型 / 行业自律型 / 主动型 / 其他',
  承诺事由: '承诺事由',
  承诺内容: '承诺内容',
  违诺责任: '违诺责任',
  承诺作出日期: 'YYYY-MM-DD',
  有效期: 'the last day it binds; empty when it has no end',
  履行状态: '全部履行 / 部分履行 / 全部未履行; empty while not yet decided',
  受理单位: 'the accepting unit',
  受理单位代码: 'its 统一社会信用代码',
  公开类型: '公开 (only public commitments are exported)',
};

const FULFILMENT: Record<string, string> = { fulfilled: '全部履行', partial: '部分履行', unfulfilled: '全部未履行' };
const PUBLICITY: Record<string, string> = { public: '公开', not_public: '不公开', on_request: '依申请公开' };

export type CommitmentExportFacts = {
  code: string;
  subjectUscc: string;
  subjectName: string;
  typeName: string;
  reason: string;
  content: string;
  liability: string;
  madeOn: IsoDate;
  validUntil: IsoDate | null;
  status: string;
  acceptingUnitName: string;
  acceptingUnitUscc: string;
  publicity: string;
};

export function platformCommitmentRow(c: CommitmentExportFacts): CommitmentRow {
  return {
    承诺编码: c.code,
    承诺人名称: c.subjectName,
    承诺人类别: subjectCategory(c.subjectUscc),
    承诺人代码: c.subjectUscc,
    承诺类型: c.typeName,
    承诺事由: c.reason,
    承诺内容: c.content,
    违诺责任: c.liability,
    承诺作出日期: c.madeOn,
    有效期: c.validUntil ?? '',
    履行状态: FULFILMENT[c.status] ?? '',
    受理单位: c.acceptingUnitName,
    受理单位代码: c.acceptingUnitUscc,
    公开类型: PUBLICITY[c.publicity] ?? c.publicity,
  };
}
