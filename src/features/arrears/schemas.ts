import { z } from '@hono/zod-openapi';
import { IsoDate, line, text, Uscc } from '../../http/schemas.js';

/**
 * The most one contract (and so one obligation or posting) can be: 10^15 fen, 10 万亿元. No public
 * contract comes near it (the largest projects are in the hundreds of 亿元), and it keeps every amount
 * and every contract's total far inside bigint, so a report summing many contracts (in numeric) never
 * meets a value the database or a client cannot hold.
 */
export const MAX_FEN = 10n ** 15n;

/** Fen as an integer or an integer string, never a decimal of yuan; kept as a string (it may pass 2^53). */
export const Fen = z
  .union([
    z.string().regex(/^[1-9]\d{0,39}$/, 'a positive whole number of fen (no decimals, no yuan)'),
    z.number().int('a whole number of fen').positive().max(Number.MAX_SAFE_INTEGER),
  ])
  .transform((v) => String(v))
  .refine((v) => BigInt(v) <= MAX_FEN, `at most ${MAX_FEN} fen (10 万亿元), the most one contract can be`)
  .openapi({ type: 'string', description: 'Amount in fen (分), integer or integer string, at most 10^15', example: '12500000' });

export const BodyInput = z
  .object({
    uscc: Uscc,
    name: line(200),
    kind: z.enum(['organ', 'institution', 'soe']),
    department: line(200).openapi({ description: "The supervising department's name" }),
  })
  .strict()
  .openapi('DebtorBody');

export const ContractorInput = z
  .object({
    uscc: Uscc,
    name: line(200),
    sme: z.boolean(),
    size: z.enum(['micro', 'small', 'medium', 'large']),
  })
  .strict()
  .openapi('Contractor');

export const ContractInput = z
  .object({
    debtorUscc: Uscc,
    contractorUscc: Uscc,
    projectName: line(300),
    amountFen: Fen,
    signedOn: IsoDate,
    paymentTermDays: z.number().int().min(1).max(3650).optional().openapi({
      description: 'Days after delivery/inspection/settlement; organs and institutions 30 by default, at most 60 for an SME; SOEs 60',
    }),
    agreedAnnualRatePercent: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,6})?$/, 'a decimal string such as "3.6"')
      .optional(),
    inspectionPeriodDays: z
      .number()
      .int()
      .min(1)
      .max(3650)
      .optional()
      .openapi({ description: 'Agreed inspection period, calendar days from delivery' }),
    dayCountBasis: z.union([z.literal(365), z.literal(360)]).default(365),
  })
  .strict()
  .openapi('ContractInput');

export const EventInput = z
  .object({
    type: z.enum(['delivery', 'inspection_passed', 'settlement_confirmed', 'dispute', 'dispute_resolved']),
    on: IsoDate,
    amountFen: Fen.optional(),
    obligationId: z
      .string()
      .regex(/^obl_[0-9A-Z]{26}$/)
      .optional()
      .openapi({ description: 'dispute / dispute_resolved: which obligation (default: the latest)' }),
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.type !== 'inspection_passed' && !b.amountFen)
      ctx.addIssue({ code: 'custom', path: ['amountFen'], message: `required for ${b.type}` });
  })
  .openapi('ContractEvent');

export const PostingInput = z
  .object({
    type: z.enum(['payment', 'interest_payment', 'adjustment', 'reversal']),
    amountFen: Fen.optional(),
    on: IsoDate,
    direction: z.enum(['debit', 'credit']).optional().openapi({ description: 'adjustment: debit raises what is owed, credit lowers it' }),
    obligationId: z
      .string()
      .regex(/^obl_[0-9A-Z]{26}$/)
      .optional()
      .openapi({ description: 'adjustment: which obligation' }),
    reason: text(2000).optional(),
    approver: line(200).optional(),
    reverses: z
      .string()
      .regex(/^pst_[0-9A-Z]{26}$/)
      .optional(),
  })
  .strict()
  .superRefine((b, ctx) => {
    const need = (path: string, message: string) => ctx.addIssue({ code: 'custom', path: [path], message });
    if (b.type !== 'reversal' && !b.amountFen) need('amountFen', `required for ${b.type}`);
    if (b.type === 'adjustment') {
      if (!b.reason) need('reason', 'an adjustment needs its reason');
      if (!b.approver) need('approver', 'an adjustment needs its approver');
      if (!b.direction) need('direction', 'debit or credit');
      if (!b.obligationId) need('obligationId', 'which obligation is adjusted');
    }
    if (b.type === 'reversal') {
      if (!b.reverses) need('reverses', 'the posting to reverse');
      if (!b.reason) need('reason', 'a reversal needs its reason');
    }
  })
  .openapi('PostingInput');

export const LprInput = z
  .object({
    effectiveFrom: IsoDate,
    ratePercent: z.string().regex(/^\d{1,2}(\.\d{1,4})?$/, 'a decimal string such as "3.00"'),
  })
  .strict()
  .openapi('LprInput');

export type ContractInputT = z.infer<typeof ContractInput>;
export type EventInputT = z.infer<typeof EventInput>;
export type PostingInputT = z.infer<typeof PostingInput>;
