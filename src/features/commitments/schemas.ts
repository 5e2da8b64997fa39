import { z } from '@hono/zod-openapi';
import { IsoDate, line, plainText, text, Uscc } from '../../http/schemas.js';
import { SEVERITIES } from '../records/index.js';

/** 承诺类型 of domain §9, as stable English codes (the Chinese names are in COMMITMENT_TYPE_NAMES). */
export const COMMITMENT_TYPES = [
  'approval_substitute',
  'deficiency_tolerance',
  'certification',
  'credit_repair',
  'industry_self_discipline',
  'voluntary',
  'other',
] as const;
export const COMMITMENT_TYPE_NAMES: Record<(typeof COMMITMENT_TYPES)[number], string> = {
  approval_substitute: '审批替代型',
  deficiency_tolerance: '容缺受理型',
  certification: '证明事项型',
  credit_repair: '信用修复型',
  industry_self_discipline: '行业自律型',
  voluntary: '主动型',
  other: '其他',
};
export const FULFILMENT = ['fulfilled', 'partial', 'unfulfilled'] as const; // 全部履行 / 部分履行 / 全部未履行

export const CreateCommitmentBody = z
  .object({
    subjectUscc: Uscc.openapi({ description: '承诺人代码' }),
    type: z.enum(COMMITMENT_TYPES),
    reason: text(2000).openapi({ description: '承诺事由' }),
    content: text(10_000).openapi({ description: '承诺内容' }),
    liability: text(5000).openapi({ description: '违诺责任' }),
    madeOn: IsoDate.openapi({ description: '承诺作出日期' }),
    validUntil: IsoDate.optional().openapi({ description: '有效期 (last day)' }),
    acceptingUnitName: line(200).openapi({ description: "受理单位; its code is the token's dept" }),
    publicity: z.enum(['public', 'not_public', 'on_request']).default('public').openapi({ description: '公开类型' }),
  })
  .strict()
  .openapi('CreateCommitment');

export const FulfilmentBody = z
  .object({
    status: z.enum(FULFILMENT),
    decidedOn: IsoDate,
    note: z
      .string()
      .trim()
      .max(5000)
      .refine(...plainText)
      .optional(),
    documentNo: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .optional()
      .openapi({ description: "Needed when the commitment is broken: the decision's 文书号" }),
    severity: z
      .enum(SEVERITIES)
      .optional()
      .openapi({ description: 'Of the dishonesty record a broken commitment creates (default: general, minor when partly fulfilled)' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.status !== 'fulfilled' && !b.documentNo)
      ctx.addIssue({ code: 'custom', path: ['documentNo'], message: "a broken commitment needs the decision's document number" });
  })
  .openapi('CommitmentFulfilment');

export const Commitment = z
  .object({
    id: z.string(),
    code: z.string(),
    subjectUscc: z.string(),
    subjectName: z.string(),
    subjectKind: z.string().openapi({ description: '承诺人类别' }),
    type: z.enum(COMMITMENT_TYPES),
    typeName: z.string(),
    reason: z.string(),
    content: z.string(),
    liability: z.string(),
    madeOn: z.string(),
    validUntil: z.string().nullable(),
    acceptingUnitUscc: z.string(),
    acceptingUnitName: z.string(),
    publicity: z.string(),
    status: z.enum(['pending', ...FULFILMENT]),
    fulfilmentOn: z.string().nullable(),
    fulfilmentUnitUscc: z.string().nullable(),
    fulfilmentNote: z.string().nullable(),
    recordId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('Commitment');

export type CreateCommitmentInput = z.infer<typeof CreateCommitmentBody>;
export type FulfilmentInput = z.infer<typeof FulfilmentBody>;
