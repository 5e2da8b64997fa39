import { z } from '@hono/zod-openapi';
import { Evidence, IsoDate, line, plainText, text, Uscc } from '../../http/schemas.js';

export const SEVERITIES = ['minor', 'general', 'serious'] as const;
/** The sector a record belongs to: safety covers 特种设备、安全生产、消防 (at least a year under 58号令); construction the 建筑市场 (建市〔2017〕241号). */
export const SECTORS = ['intermediary', 'construction', 'safety', 'general'] as const;
export type SectorCode = (typeof SECTORS)[number];
export const RECORD_KINDS = ['dishonesty', 'good'] as const;

/** 处罚种类 of the administrative penalty law, plus listing-type measures. */
export const PENALTY_TYPES = [
  '警告',
  '通报批评',
  '罚款',
  '没收违法所得',
  '没收非法财物',
  '暂扣许可证件',
  '降低资质等级',
  '吊销许可证件',
  '限制开展生产经营活动',
  '责令停产停业',
  '责令关闭',
  '限制从业',
  '行政拘留',
  '其他',
] as const;

/** The penalties that carry an amount of money. */
const AMOUNT_TYPES: readonly string[] = ['罚款', '没收违法所得', '没收非法财物'];

const Penalty = z
  .object({
    type: z.enum(PENALTY_TYPES),
    content: z
      .string()
      .trim()
      .max(2000)
      .refine(...plainText)
      .optional(),
    termMonths: z.number().int().min(1).max(240).optional().openapi({ description: 'A term of its own (e.g. 限制从业 for 24 months)' }),
    amountFen: z
      .string()
      .regex(/^[1-9]\d{0,15}$/, 'an amount in fen as a string of digits (no sign, no decimals)')
      .optional()
      .openapi({
        description:
          '罚款, 没收违法所得 or 没收非法财物: the amount in fen (分); the platform export gives it in 万元 (CF_NR_FK, CF_NR_WFFF)',
        example: '20000000',
      }),
  })
  .strict()
  .refine((p) => p.amountFen === undefined || AMOUNT_TYPES.includes(p.type), {
    path: ['amountFen'],
    message: 'only a 罚款, 没收违法所得 or 没收非法财物 has an amount',
  });

const fields = {
  category: z.string().trim().min(1).max(64).openapi({ description: 'A code from GET /api/v1/catalogue/categories' }),
  severity: z.enum(SEVERITIES).optional().openapi({ description: 'Dishonesty only: 轻微 minor, 一般 general, 严重 serious' }),
  facts: text(10_000),
  basis: text(2000).openapi({ description: '依据' }),
  documentNo: line(100).openapi({ description: '决定文书号' }),
  decidedOn: IsoDate,
  penalties: z.array(Penalty).max(20).default([]),
  evidence: z.array(Evidence).max(100).default([]),
  sector: z
    .enum(SECTORS)
    .optional()
    .openapi({ description: "The sector whose rules apply (default: the category's): safety = 特种设备、安全生产、消防" }),
  obligationsUnmet: z.boolean().default(false).openapi({
    description: 'The subject has not yet corrected the wrong or met its obligations: display does not end by itself (domain §3)',
  }),
};

export const CreateRecordBody = z
  .object({ subjectUscc: Uscc, kind: z.enum(RECORD_KINDS), ...fields })
  .strict()
  .superRefine((b, ctx) => {
    if (b.kind === 'dishonesty' && !b.severity)
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'required for a dishonesty record' });
    if (b.kind === 'good' && b.severity)
      ctx.addIssue({ code: 'custom', path: ['severity'], message: 'only dishonesty records have a severity' });
  })
  .openapi('CreateRecord');

/** What a correction may change (a direct correction, or one an objection partly upheld orders). */
const correctable = {
  category: fields.category.optional(),
  severity: fields.severity,
  facts: fields.facts.optional(),
  basis: fields.basis.optional(),
  documentNo: fields.documentNo.optional(),
  decidedOn: IsoDate.optional(),
  penalties: z.array(Penalty).max(20).optional(),
  evidence: z.array(Evidence).max(100).optional(),
  obligationsUnmet: z.boolean().optional(),
  sector: z.enum(SECTORS).optional(),
};

export const CorrectedFields = z
  .object(correctable)
  .strict()
  .refine((b) => Object.keys(b).length > 0, 'give at least one field to correct')
  .openapi('RecordCorrectedFields');

export const CorrectionBody = z
  .object({ ...correctable, reason: text(2000).openapi({ description: 'Why the record is corrected' }) })
  .strict()
  .refine((b) => Object.keys(b).length > 1, 'give at least one field to correct besides the reason')
  .openapi('RecordCorrection');

export const Record = z
  .object({
    id: z.string(),
    revision: z.number().int(),
    subjectUscc: z.string(),
    subjectName: z.string(),
    department: z.string(),
    kind: z.enum(RECORD_KINDS),
    category: z.string(),
    severity: z.enum(SEVERITIES).nullable(),
    facts: z.string(),
    basis: z.string(),
    documentNo: z.string(),
    decidedOn: z.string(),
    penalties: z.array(Penalty),
    evidence: z.array(Evidence),
    ruleVersion: z.string(),
    public: z.boolean(),
    displayFrom: z.string(),
    repairableFrom: z.string().nullable(),
    displayUntil: z.string(),
    commitmentId: z.string().nullable(),
    reportId: z.string().nullable().openapi({ description: 'The market report (举报) this record was made from, when verified' }),
    shownUntil: z.string().openapi({ description: 'Last day in effect (earlier than displayUntil once repaired)' }),
    obligationsUnmet: z.boolean(),
    obligationsMetOn: z.string().nullable().openapi({ description: 'When the deciding department recorded that the obligations were met' }),
    obligationsMetDocumentNo: z.string().nullable(),
    endReason: z.enum(['expired', 'repaired', 'voided', 'ended_by_decision']).nullable(),
    endedOn: z.string().nullable(),
    voidedOn: z.string().nullable(),
    repairBlockedUntil: z.string().nullable(),
    sector: z.enum(SECTORS),
    correctionReason: z.string().nullable(),
    objectionId: z.string().nullable().openapi({ description: 'The objection, partly upheld, this revision corrects the record under' }),
    recordedBy: z.string(),
    recordedAt: z.string(),
    supersededAt: z.string().nullable(),
  })
  .openapi('Record');

export const RecordWithHistory = Record.extend({ history: z.array(Record) }).openapi('RecordWithHistory');

export const Category = z
  .object({ code: z.string(), name: z.string(), sector: z.string(), kind: z.enum(RECORD_KINDS) })
  .openapi('Category');

export type CreateRecordInput = z.infer<typeof CreateRecordBody>;
export type CorrectionInput = z.infer<typeof CorrectionBody>;
export type RecordView = z.infer<typeof Record>;

export const ObligationsMetBody = z
  .object({
    documentNo: z.string().trim().min(1).max(100).openapi({ description: 'The document recording that the obligations were met' }),
    metOn: IsoDate.openapi({ description: 'The day they were met' }),
  })
  .strict()
  .openapi('ObligationsMet');

export type ObligationsMetInput = z.infer<typeof ObligationsMetBody>;

export const SectorStandardBody = z
  .object({
    documentNo: z.string().trim().min(1).max(100).openapi({ description: 'The document that publishes the standard' }),
    items: z
      .array(z.object({ penaltyType: z.enum(PENALTY_TYPES), leastSeverity: z.enum(SEVERITIES) }).strict())
      .max(50)
      .refine((items) => new Set(items.map((i) => i.penaltyType)).size === items.length, 'each penalty type once'),
  })
  .strict()
  .openapi('SectorStandard');

export const SectorStandard = z
  .object({
    department: z.string(),
    documentNo: z.string(),
    items: z.array(z.object({ penaltyType: z.string(), leastSeverity: z.enum(SEVERITIES) })),
  })
  .openapi('SectorStandardView');

export const PenaltyClasses = z
  .object({
    items: z.array(z.object({ penaltyType: z.string(), leastSeverity: z.enum(SEVERITIES) })),
    standards: z.array(
      z.object({
        department: z.string(),
        penaltyType: z.string(),
        leastSeverity: z.enum(SEVERITIES),
        documentNo: z.string(),
        loadedAt: z.string(),
      }),
    ),
  })
  .openapi('PenaltyClasses');

export type SectorStandardInput = z.infer<typeof SectorStandardBody>;
