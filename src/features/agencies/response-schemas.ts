import { z } from '@hono/zod-openapi';
import { PageQuery, pageSchema } from '../../http/pagination.js';
import { IsoDate, PublicProfileRecord } from '../../http/schemas.js';
import { Region } from './schemas.js';
import { AGENCY_GRADES } from './scheme.js';
import { EXCLUSION_CODES } from './types.js';

/** The answers of the agencies routes (every 2xx body is checked against these). */

export const Service = z.object({ code: z.string(), name: z.string(), description: z.string() }).openapi('MarketService');
export const ServiceList = z.object({ items: z.array(Service) }).openapi('MarketServiceList');

const Fee = z
  .object({
    service: z.string(),
    serviceName: z.string(),
    feeKind: z.string(),
    feeBasis: z.string(),
    feeMinFen: z.string().nullable().openapi({ description: 'Amount in fen (string of digits)' }),
    feeMaxFen: z.string().nullable(),
    discountRate: z.string().nullable().openapi({ description: 'Exact decimal, e.g. "0.8500"' }),
    unit: z.string(),
  })
  .openapi('AgencyFee');

const Qualification = z.object({ name: z.string(), level: z.string(), certificateNo: z.string(), validUntil: z.string() });
const Contact = z.object({ name: z.string(), phone: z.string(), email: z.string().nullable() });

export const OwnProfile = z
  .object({
    uscc: z.string(),
    name: z.string(),
    state: z.enum(['applied', 'admitted', 'refused', 'withdrawn']),
    appliedOn: z.string(),
    admissionDueOn: z.string().openapi({ description: 'The operator decides by this day (2 working days after applying)' }),
    decisionNote: z.string().nullable(),
    refusalRecordIds: z.array(z.string()),
    staffCount: z.number().int(),
    regions: z.array(z.string()),
    introduction: z.string(),
    contact: Contact,
    qualifications: z.array(Qualification),
    offers: z.array(Fee),
    version: z.number().int(),
  })
  .openapi('AgencyOwnProfile');

export const AdmissionQueueQuery = PageQuery.extend({
  state: z.enum(['applied', 'admitted', 'refused', 'withdrawn']).default('applied'),
});
export const AdmissionPage = pageSchema(
  z.object({
    uscc: z.string(),
    name: z.string(),
    state: z.string(),
    appliedOn: z.string(),
    dueOn: z.string(),
    daysLeft: z.number().int().openapi({ description: 'Calendar days from today to the due date (negative: overdue)' }),
    overdue: z.boolean(),
    deadlineProvisional: z.boolean().openapi({ description: 'The due date was counted on a provisional calendar' }),
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
  }),
).openapi('AdmissionPage');

const BadRecord = z.object({ id: z.string(), documentNo: z.string(), decidedOn: z.string(), severity: z.string().nullable() });
export const AdmissionDecision = z
  .object({
    uscc: z.string(),
    name: z.string(),
    state: z.string(),
    decidedAt: z.string(),
    note: z.string().nullable(),
    dueOn: z.string(),
    refusalRecords: z.array(BadRecord).openapi({ description: 'The bad records a refusal rests on' }),
  })
  .openapi('AdmissionDecisionResult');

export const Suspension = z
  .object({
    id: z.string(),
    uscc: z.string(),
    name: z.string(),
    reason: z.enum(['complaints', 'discipline', 'fraud']),
    detail: z.string(),
    startsOn: z.string(),
    endsOn: z.string().nullable(),
    liftedOn: z.string().nullable(),
    liftReason: z.string().nullable(),
    liftedBy: z.string().nullable(),
    createdBy: z.string(),
    active: z.boolean(),
  })
  .openapi('AgencySuspensionView');

const Reason = z.object({ code: z.enum(EXCLUSION_CODES), detail: z.string() });

export const DirectoryQuery = PageQuery.extend({
  service: z
    .string()
    .regex(/^[a-z][a-z0-9_]{1,39}$/)
    .optional()
    .openapi({ description: 'A service code: only agencies offering it, with its fee' }),
  region: Region.optional().openapi({ description: 'Only agencies whose service area covers this code' }),
  minGrade: z.enum(AGENCY_GRADES).optional(),
  q: z.string().trim().min(1).max(100).optional().openapi({ description: 'Substring of the name or code' }),
  sort: z.enum(['credit', 'rating', 'fee']).default('credit'),
  includeRestricted: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({ description: 'true: also black-listed, 严重 or suspended agencies, flagged' }),
});

export const DirectoryPage = pageSchema(
  z.object({
    uscc: z.string(),
    name: z.string(),
    grade: z.string().nullable(),
    score: z.number().int().nullable(),
    ruleVersion: z.string().nullable(),
    scoredOn: z.string().nullable().openapi({ description: 'The day grade and score were computed for (the cache: see the docs)' }),
    averageRating: z.string().nullable().openapi({ description: 'Exact average of all five dimensions, 2 places, rounded half up' }),
    ratingCount: z.number().int(),
    fee: Fee.nullable(),
    selectable: z.boolean(),
    restricted: z.boolean(),
    suspended: z.boolean(),
    notSelectableReasons: z.array(Reason),
  }),
).openapi('AgencyDirectoryPage');

const SchemeLine = z.object({
  part: z.enum(['regulator', 'public', 'social']),
  source: z.string().nullable().openapi({ description: 'The record or list entry that moved the points, if one did' }),
  effect: z.number().int(),
  reason: z.string(),
});
export const AgencyEvaluation = z
  .object({
    uscc: z.string().optional(),
    asOf: z.string(),
    ruleVersion: z.string(),
    score: z.number().int(),
    grade: z.string(),
    parts: z.object({ regulator: z.number().int(), public: z.number().int(), social: z.number().int() }),
    forcedBottom: z.string().nullable(),
    lines: z.array(SchemeLine),
  })
  .openapi('AgencyEvaluation');

export const AsOfQuery = z.object({ asOf: IsoDate.optional().openapi({ description: 'Default: today in Asia/Shanghai' }) });

const Average = z.string().nullable();
export const AgencyProfile = z
  .object({
    uscc: z.string(),
    name: z.string(),
    kind: z.string(),
    legalRepresentative: z.string(),
    previousNames: z.array(z.string()),
    asOf: z.string(),
    introduction: z.string(),
    staffCount: z.number().int(),
    regions: z.array(z.string()),
    contact: Contact.openapi({ description: 'The business contact the agency publishes' }),
    admittedAt: z.string().nullable(),
    services: z.array(Fee),
    qualifications: z.array(Qualification.extend({ valid: z.boolean() })),
    ratings: z.object({
      count: z.number().int(),
      average: Average,
      quality: Average,
      timeliness: Average,
      attitude: Average,
      fee: Average,
      conduct: Average,
    }),
    agencyScore: AgencyEvaluation,
    creditGrades: z.array(z.object({ asOf: z.string(), score: z.number().int(), grade: z.string(), ruleVersion: z.string() })),
    records: z.array(PublicProfileRecord),
    suspended: z.boolean(),
    suspensions: z.array(
      z.object({
        id: z.string(),
        uscc: z.string(),
        name: z.string(),
        reason: z.string(),
        detail: z.string(),
        startsOn: z.string(),
        endsOn: z.string().nullable(),
        liftedOn: z.string().nullable(),
        liftReason: z.string().nullable(),
      }),
    ),
    selectable: z.boolean(),
    notSelectableReasons: z.array(Reason),
  })
  .openapi('AgencyPublicProfile');
