import { z } from '@hono/zod-openapi';
import { COMMITMENT_FIELD_NAMES, COMMITMENT_FIELDS } from '../../disclosure/export-commitments.js';
import { LIST_FIELD_NAMES, LIST_FIELDS } from '../../disclosure/export-lists.js';
import { PENALTY_FIELD_NAMES, PENALTY_FIELDS } from '../../disclosure/exports.js';
import { IsoDate } from '../../http/schemas.js';
import { EXPORT_FORMATS, EXPORT_KINDS } from './exports.js';
import { RECONCILE_MAX_DAYS } from './reconcile.js';

/** The contract of the exports, the snapshot, reconciliation and the quality report (GET/POST /api/v1/sync/…). */

const ordered = [
  (q: { from?: string; to?: string }) => !q.from || !q.to || q.from <= q.to,
  { path: ['to'], message: 'must not be before from' },
] as [(q: { from?: string; to?: string }) => boolean, { path: string[]; message: string }];

export const ExportQuery = z
  .object({
    kind: z.enum(EXPORT_KINDS).openapi({
      description:
        'penalties: 行政处罚 decisions (CF_* template); lists: red and black entries (黑名单 exchange fields); commitments: 信用承诺',
    }),
    format: z.enum(EXPORT_FORMATS).default('csv').openapi({ description: 'csv (UTF-8 with a BOM, CRLF) or json (one array)' }),
    from: IsoDate.optional().openapi({
      description:
        'First day (inclusive) of the decision date: penalties by 决定日期, lists by 列入日期 (publication), commitments by 承诺作出日期',
    }),
    to: IsoDate.optional().openapi({ description: 'Last day (inclusive), on the same date' }),
  })
  .refine(...ordered);

const rowOf = (fields: readonly string[], names: Record<string, string>, name: string) =>
  z.object(Object.fromEntries(fields.map((f) => [f, z.string().openapi({ description: names[f] })]))).openapi(name);

export const PenaltyExportRow = rowOf(PENALTY_FIELDS, PENALTY_FIELD_NAMES, 'PlatformPenaltyRow');
export const ListExportRow = rowOf(LIST_FIELDS, LIST_FIELD_NAMES, 'PlatformListRow');
export const CommitmentExportRow = rowOf(COMMITMENT_FIELDS, COMMITMENT_FIELD_NAMES, 'PlatformCommitmentRow');
export const ExportJson = z
  .array(z.union([PenaltyExportRow, ListExportRow, CommitmentExportRow]))
  .openapi('PlatformExport', { description: 'The rows of the kind asked for; empty cells are empty strings' });

const hex64 = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, '64 hexadecimal characters')
  .transform((v) => v.toLowerCase());

export const ReconcileBody = z
  .object({
    days: z
      .array(
        z
          .object({
            day: IsoDate.openapi({ description: 'A date in Asia/Shanghai of the events’ `at`' }),
            count: z.number().int().min(0).openapi({ description: 'How many feed events of that day the platform holds' }),
            sha256: hex64.openapi({
              type: 'string',
              description: 'SHA-256 over the concatenated leaf hashes (32 raw bytes each) of those events, in feed order',
            }),
          })
          .strict(),
      )
      .min(1)
      .max(RECONCILE_MAX_DAYS)
      .refine((days) => new Set(days.map((d) => d.day)).size === days.length, 'each day at most once'),
  })
  .strict()
  .openapi('ReconcileRequest');

const DayFigures = z.object({ count: z.number().int(), sha256: z.string() });
export const ReconcileResult = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(
      z.object({
        day: z.string(),
        status: z.enum(['match', 'differs', 'missing_at_platform', 'missing_at_registry']).openapi({
          description:
            'missing_at_platform: the registry has events the platform did not count (a day not named, or named with 0); missing_at_registry: the platform counts events of a day the registry has none of',
        }),
        registry: DayFigures,
        platform: DayFigures.nullable().openapi({ description: 'What the platform sent; null for a day it did not name' }),
        resend: z
          .array(z.object({ index: z.number().int(), id: z.string() }))
          .openapi({ description: 'The day’s events to send again (all of them: a checksum cannot tell which), in feed order' }),
        resendTruncated: z
          .boolean()
          .openapi({ description: 'The list was cut (RESEND limit of the answer): page the feed from the first index' }),
      }),
    ),
    resendTruncated: z.boolean(),
  })
  .openapi('ReconcileResult');

export const QualityQuery = z
  .object({
    from: IsoDate.optional().openapi({ description: 'First decision date (inclusive); default: 1 January of `to`’s year' }),
    to: IsoDate.optional().openapi({ description: 'Last decision date (inclusive); default: today' }),
  })
  .refine(...ordered);

const Share = {
  share: z.string().nullable().openapi({ description: 'A percentage with two decimals, truncated; null when nothing is counted' }),
  meetsTarget: z
    .boolean()
    .nullable()
    .openapi({ description: 'At least the target (compared on the counts); null when nothing is counted' }),
};

export const QualityReport = z
  .object({
    from: z.string(),
    to: z.string(),
    asOf: z.string(),
    workdays: z.number().int().openapi({ description: 'The deadline: working days after the decision (starting day not counted)' }),
    targetPercent: z.string(),
    mandatoryFields: z.array(z.string()).openapi({
      description: 'Mandatory in every row; CF_NR_FK, CF_NR_WFFF and CF_NR_ZKDX also where a penalty of their kind was imposed',
    }),
    deadlinesProvisional: z.boolean().openapi({ description: 'Some deadline was counted on a provisional holiday table' }),
    departments: z.array(
      z.object({
        department: z.string(),
        departmentName: z.string().nullable(),
        decisions: z.number().int(),
        timeliness: z.object({
          onTime: z.number().int(),
          late: z.number().int().openapi({ description: 'Reached after the deadline, or not reached and the deadline has passed' }),
          pending: z.number().int().openapi({ description: 'Not reached yet, the deadline not yet passed' }),
          ...Share,
        }),
        completeness: z.object({
          complete: z.number().int(),
          ...Share,
          missingFields: z.array(z.object({ field: z.string(), count: z.number().int() })),
        }),
      }),
    ),
  })
  .openapi('PlatformQualityReport');
