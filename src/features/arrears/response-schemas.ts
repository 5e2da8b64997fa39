import { z } from '@hono/zod-openapi';

/**
 * What the arrears verbs answer, field for field, for the OpenAPI document. Each schema mirrors one
 * return shape in contracts.ts, views.ts, events.ts, postings.ts, reports.ts and tracking.ts; change them together.
 */

const fen = () => z.string().openapi({ description: 'fen as an integer string', example: '12500000' });
const date = () => z.string().openapi({ description: 'a date as YYYY-MM-DD', example: '2026-06-01' });
const int = () => z.number().int();

/** contracts.createBody */
export const ArrearsBody = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    kind: z.enum(['organ', 'institution', 'soe']),
    department: z.string(),
  })
  .openapi('ArrearsBody');

/** contracts.createContractor */
export const ArrearsContractor = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    sme: z.boolean(),
    size: z.enum(['micro', 'small', 'medium', 'large']),
  })
  .openapi('ArrearsContractor');

/** contracts.addLpr */
export const ArrearsLpr = z
  .object({
    effectiveFrom: date(),
    rate: z.string().openapi({ description: 'a percentage, e.g. "3.00%"', example: '3.00%' }),
  })
  .openapi('ArrearsLpr');

const contractFields = {
  id: z.string(),
  projectName: z.string(),
  amountFen: fen(),
  signedOn: date(),
  debtor: z.object({ uscc: z.string(), name: z.string(), kind: z.enum(['organ', 'institution', 'soe']), department: z.string() }),
  contractor: z.object({
    uscc: z.string(),
    name: z.string(),
    smeAtSigning: z.boolean(),
    sizeAtSigning: z.string().openapi({ description: "the contractor's size when the contract was signed: micro, small, medium or large" }),
  }),
  paymentTermDays: int(),
  inspectionPeriodDays: int().nullable(),
  dayCountBasis: int().openapi({ description: 'days in a year for an agreed rate: 365 or 360' }),
  agreedAnnualRate: z
    .string()
    .nullable()
    .openapi({ description: 'a percentage with 4 decimals, e.g. "3.6000%"; null when none was agreed' }),
  lprAtSigning: z
    .string()
    .nullable()
    .openapi({ description: 'the 1-year LPR in force at signing, e.g. "3.00%"; null when the 条例 does not cover the contract' }),
  lateInterest: z.string().openapi({ description: 'how late interest accrues, in words' }),
  paymentRule: z
    .object({
      code: z.enum(['contract_terms', 'regulation_2020', 'regulation_2025']).openapi({
        description:
          "contract_terms: signed before 2020-09-01, the contract's own term and agreed rate only; regulation_2020: 国务院令第728号; regulation_2025: its 2025 revision",
      }),
      basis: z.string().openapi({ description: 'the rule in words, as it applies to this contract' }),
    })
    .openapi('ArrearsPaymentRule'),
  paymentOrder: z.string(),
  createdAt: z.string().openapi({ description: 'an ISO 8601 timestamp' }),
};

/** contracts.contractView / toContractView */
export const ArrearsContract = z.object(contractFields).openapi('ArrearsContract');

/** contracts.listContracts */
export const ArrearsContractPage = z
  .object({ items: z.array(ArrearsContract), nextCursor: z.string().nullable() })
  .openapi('ArrearsContractPage');

export const ArrearsObligation = z
  .object({
    id: z.string(),
    basis: z.enum(['delivery', 'settlement']),
    aroseOn: date(),
    inspectionDeadline: date().nullable(),
    inspectedOn: date().nullable(),
    clockStartsOn: date(),
    dueOn: date(),
    owedFen: fen(),
    paidFen: fen(),
    outstandingFen: fen(),
    disputedFen: fen(),
    overdue: z.boolean(),
    deadlinesProvisional: z.boolean().openapi({
      description: 'true while inspectionDeadline or dueOn was counted on a provisional working-day table (domain §7)',
    }),
  })
  .openapi('ArrearsObligation');

/** ledger.contractDetail */
export const ArrearsContractDetail = z
  .object({
    ...contractFields,
    obligations: z.array(ArrearsObligation),
    outstandingFen: fen(),
  })
  .openapi('ArrearsContractDetail');

/** interest.Segment */
export const ArrearsInterestSegment = z
  .object({
    principalFen: fen(),
    from: date(),
    to: date(),
    days: int(),
    rate: z.string().openapi({ description: 'the daily rate, in words' }),
    interestFen: z.string().openapi({ description: 'fen as an exact decimal string with 4 places (not rounded)', example: '5.0000' }),
  })
  .openapi('ArrearsInterestSegment');

/** ledger.contractInterest */
export const ArrearsInterest = z
  .object({
    contractId: z.string(),
    asOf: date(),
    rate: z.string().openapi({ description: 'how late interest accrues, or "none"' }),
    obligations: z.array(
      z
        .object({ obligationId: z.string(), dueOn: date(), segments: z.array(ArrearsInterestSegment), totalFen: fen() })
        .openapi('ArrearsObligationInterest'),
    ),
    totalFen: fen(),
    interestPaidFen: fen(),
    interestOutstandingFen: fen(),
  })
  .openapi('ArrearsInterest');

/** ledger.recordEvent */
export const ArrearsEventRecorded = z
  .object({
    eventId: z.string(),
    type: z.enum(['delivery', 'inspection_passed', 'settlement_confirmed', 'dispute', 'dispute_resolved']),
    on: date(),
    obligationId: z.string().nullable(),
  })
  .openapi('ArrearsEventRecorded');

/** postings.post (a replay is the stored first answer, with replayed: true). */
export const ArrearsPostingResult = z
  .object({
    requestId: z.string(),
    contractId: z.string(),
    type: z.enum(['payment', 'interest_payment', 'adjustment', 'reversal']),
    on: date(),
    postings: z.array(
      z
        .object({
          id: z.string(),
          obligationId: z.string().nullable(),
          account: z.enum(['principal', 'interest']),
          direction: z.enum(['debit', 'credit']),
          amountFen: fen(),
          reverses: z.string().nullable(),
        })
        .openapi('ArrearsPostingLine'),
    ),
    outstandingFen: fen(),
    replayed: z.boolean().openapi({ description: 'true when a repeated Idempotency-Key is answered with the first answer' }),
  })
  .openapi('ArrearsPostingResult');

export const ArrearsAgingBucket = z.object({ count: int(), amountFen: fen() }).openapi('ArrearsAgingBucket');

/** Always all seven keys. */
export const ArrearsAgingBuckets = z
  .object({
    notYetDue: ArrearsAgingBucket,
    d1to30: ArrearsAgingBucket,
    d31to90: ArrearsAgingBucket,
    d91to180: ArrearsAgingBucket,
    d181to365: ArrearsAgingBucket,
    over365: ArrearsAgingBucket,
    disputed: ArrearsAgingBucket,
  })
  .openapi('ArrearsAgingBuckets');

/** reports.aging */
export const ArrearsAgingReport = z
  .object({
    asOf: date(),
    by: z.enum(['body', 'department']),
    items: z.array(
      z
        .object({
          uscc: z.string().optional().openapi({ description: 'by=body only' }),
          name: z.string().optional().openapi({ description: 'by=body only' }),
          department: z.string(),
          buckets: ArrearsAgingBuckets,
        })
        .openapi('ArrearsAgingItem'),
    ),
  })
  .openapi('ArrearsAgingReport');

/** reports.disclosure */
export const ArrearsDisclosure = z
  .object({
    year: int(),
    asOf: date(),
    items: z.array(
      z
        .object({ uscc: z.string(), name: z.string(), department: z.string(), overdueContracts: int(), overdueAmountFen: fen() })
        .openapi('ArrearsDisclosureItem'),
    ),
  })
  .openapi('ArrearsDisclosure');

/** reports.progress */
export const ArrearsProgress = z
  .object({
    baseline: date(),
    asOf: date(),
    items: z.array(
      z
        .object({
          uscc: z.string(),
          name: z.string(),
          department: z.string(),
          atBaselineFen: fen(),
          paidSinceFen: fen(),
          remainingFen: fen(),
        })
        .openapi('ArrearsProgressItem'),
    ),
  })
  .openapi('ArrearsProgress');

/** tracking.listTasks */
export const ArrearsTask = z
  .object({
    id: z.string(),
    obligationId: z.string(),
    contractId: z.string(),
    debtor: z.object({ uscc: z.string(), name: z.string() }),
    dueOn: date(),
    openedOn: date(),
    measure: z.string().nullable(),
    responsibleUnit: z.string().nullable(),
    deadline: date().nullable(),
    overdue: z.boolean(),
    needsMeasure: z.boolean(),
  })
  .openapi('ArrearsTask');

export const ArrearsTaskList = z.object({ items: z.array(ArrearsTask) }).openapi('ArrearsTaskList');

/** tracking.updateTask */
export const ArrearsTaskUpdate = z
  .object({ id: z.string(), measure: z.string(), responsibleUnit: z.string(), deadline: date() })
  .openapi('ArrearsTaskUpdate');

/** tracking.complaintView (file, transfer, extension, answer) */
export const ArrearsComplaint = z
  .object({
    id: z.string(),
    contractId: z.string(),
    receivedOn: date(),
    content: z.string(),
    transferDueOn: date(),
    transferredOn: date().nullable(),
    transferredTo: z.string().nullable(),
    answerDueOn: date(),
    extensionReason: z.string().nullable(),
    answeredOn: date().nullable(),
    answer: z.string().nullable(),
    justified: z.boolean().nullable(),
    creditRecordId: z.string().nullable(),
    creditRefusal: z
      .string()
      .nullable()
      .openapi({ description: 'Why the credit side could not record an earlier justified answer (the complaint was reopened)' }),
    dueOn: date().nullable().openapi({
      description: "the deadline running now: the transfer's until transferred, then the answer's; null once transferred and answered",
    }),
    overdue: z.boolean(),
    deadlinesProvisional: z.boolean().openapi({
      description:
        'true while an open deadline (transfer, or an answer not extended) was counted on a provisional working-day table (domain §7)',
    }),
  })
  .openapi('ArrearsComplaint');

/** tracking.listComplaints */
export const ArrearsComplaintList = z.object({ items: z.array(ArrearsComplaint) }).openapi('ArrearsComplaintList');

/** views.contractEntries */
export const ArrearsEntries = z
  .object({
    contractId: z.string(),
    postings: z.array(
      z
        .object({
          id: z.string(),
          seq: int().openapi({ description: "the posting's place in the ledger (ascending)" }),
          on: date(),
          type: z.enum(['obligation', 'payment', 'interest_payment', 'adjustment', 'reversal']),
          account: z.enum(['principal', 'interest']),
          direction: z.enum(['debit', 'credit']),
          amountFen: fen(),
          obligationId: z.string().nullable(),
          reason: z.string().nullable(),
          reverses: z.string().nullable().openapi({ description: 'a reversal: the posting it cancels' }),
          reversedBy: z.string().nullable().openapi({ description: 'the reversal that cancels this posting, if any' }),
        })
        .openapi('ArrearsEntryPosting'),
    ),
    events: z.array(
      z
        .object({
          id: z.string(),
          on: date(),
          type: z.enum(['delivery', 'inspection_passed', 'settlement_confirmed', 'dispute', 'dispute_resolved']),
          amountFen: fen().nullable(),
          obligationId: z.string().nullable(),
        })
        .openapi('ArrearsEntryEvent'),
    ),
  })
  .openapi('ArrearsEntries');

/** views.ledgerTotals */
export const ArrearsTotals = z
  .object({
    asOf: date(),
    contracts: int().openapi({ description: 'contracts signed on or before asOf' }),
    overdueContracts: int(),
    overdueObligations: int(),
    owedFen: fen(),
    paidFen: fen(),
    outstandingFen: fen(),
    overdueFen: fen().openapi({ description: 'outstanding past its due date and not disputed' }),
    disputedFen: fen(),
    interestFen: fen().openapi({ description: 'late interest accrued to asOf, rounded per obligation' }),
    interestPaidFen: fen(),
    interestOutstandingFen: fen(),
  })
  .openapi('ArrearsTotals');
