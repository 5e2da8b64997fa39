import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, IsoDate, json, problems } from '../../http/schemas.js';
import { COMPLAINANTS, COMPLAINT_HANDLERS, SUPERVISORS, WRITERS } from './policy.js';
import * as reports from './reports.js';
import {
  ArrearsAgingReport,
  ArrearsComplaint,
  ArrearsComplaintList,
  ArrearsDisclosure,
  ArrearsProgress,
  ArrearsTaskList,
  ArrearsTaskUpdate,
  ArrearsTotals,
} from './response-schemas.js';
import * as tracking from './tracking.js';
import { ledgerTotals } from './views.js';

const tags = ['Arrears reports and tracking'];
const TaskId = z.object({
  id: z
    .string()
    .regex(/^tsk_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ComplaintId = z.object({
  id: z
    .string()
    .regex(/^cpl_[0-9A-Z]{26}$/)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const Overdue = z.object({ overdue: z.enum(['true', 'false']).default('false') });

export const arrearsReportRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/reports/aging',
      tags,
      security: bearer,
      summary: 'Aging by debtor body or department: not yet due, 1–30, 31–90, 91–180, 181–365, over 365 days',
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: { query: z.object({ asOf: IsoDate.optional(), by: z.enum(['body', 'department']).default('body') }) },
      responses: { 200: { description: 'Counts and amounts', ...json(ArrearsAgingReport) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await reports.aging(c.get('readDb'), ctxOf(c).actor, q.asOf ?? c.get('deps').clock.today(), q.by), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/reports/totals',
      tags,
      security: bearer,
      summary: "The whole ledger's totals on a date: owed, paid, outstanding, overdue, disputed, late interest",
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: {
        query: z.object({ asOf: IsoDate.optional().openapi({ description: 'the date the totals are taken on; today by default' }) }),
      },
      responses: { 200: { description: 'The totals', ...json(ArrearsTotals) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await ledgerTotals(c.get('readDb'), ctxOf(c).actor, c.req.valid('query').asOf ?? c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/reports/disclosure',
      tags,
      security: bearer,
      summary: 'The annual disclosure: contracts overdue at the end of a year, by body (JSON, or CSV with format=csv)',
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: { query: z.object({ year: z.coerce.number().int().min(2000).max(2100), format: z.enum(['json', 'csv']).default('json') }) },
      responses: {
        200: {
          description: 'The disclosure',
          content: { 'application/json': { schema: ArrearsDisclosure }, 'text/csv': { schema: z.string() } },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const report = await reports.disclosure(c.get('readDb'), ctxOf(c).actor, q.year);
      if (q.format === 'csv') {
        return c.body(reports.disclosureCsv(report), 200, {
          'Content-Type': 'text/csv; charset=utf-8',
          'Content-Disposition': `attachment; filename="arrears-disclosure-${q.year}.csv"`,
        });
      }
      return c.json(report, 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/reports/progress',
      tags,
      security: bearer,
      summary: '清欠进度 from a baseline date, by body',
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: { query: z.object({ baseline: IsoDate, asOf: IsoDate.optional() }) },
      responses: { 200: { description: 'Progress', ...json(ArrearsProgress) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await reports.progress(c.get('readDb'), ctxOf(c).actor, q.baseline, q.asOf ?? c.get('deps').clock.today()), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/tasks',
      tags,
      security: bearer,
      summary: 'Open rectification tasks (整改台账); overdue=true for late or unplanned ones',
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: { query: Overdue },
      responses: { 200: { description: 'Tasks', ...json(ArrearsTaskList) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      return c.json(
        await tracking.listTasks(c.get('db'), ctxOf(c).actor, c.get('deps').clock.today(), c.req.valid('query').overdue === 'true'),
        200,
      );
    },
  )

  .openapi(
    route({
      method: 'patch',
      path: '/api/v1/arrears/tasks/{id}',
      tags,
      security: bearer,
      summary: "Set a task's measure, responsible unit and deadline",
      middleware: [requireRole(...WRITERS)] as const,
      request: {
        params: TaskId,
        body: {
          ...json(
            z
              .object({
                measure: z.string().trim().min(1).max(2000),
                responsibleUnit: z.string().trim().min(1).max(200),
                deadline: IsoDate,
              })
              .strict(),
          ),
          required: true,
        },
      },
      responses: { 200: { description: 'The task', ...json(ArrearsTaskUpdate) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await tracking.updateTask(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/complaints',
      tags,
      security: bearer,
      summary: "A contractor's complaint: transfer due in 10 working days, answer in 30 days",
      middleware: [requireRole(...COMPLAINANTS)] as const,
      request: {
        body: {
          ...json(
            z
              .object({
                contractId: z.string().regex(/^con_[0-9A-Z]{26}$/),
                content: z.string().trim().min(1).max(20_000),
                receivedOn: IsoDate.optional(),
              })
              .strict(),
          ),
          required: true,
        },
      },
      responses: { 201: { description: 'Received', ...json(ArrearsComplaint) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await tracking.fileComplaint(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/complaints',
      tags,
      security: bearer,
      summary: 'Open complaints; overdue=true for those past a deadline',
      middleware: [requireRole(...SUPERVISORS)] as const,
      request: { query: Overdue },
      responses: { 200: { description: 'Complaints', ...json(ArrearsComplaintList) }, ...problems(400, 401, 403) },
    }),
    async (c) =>
      c.json(
        await tracking.listComplaints(c.get('db'), ctxOf(c).actor, c.get('deps').clock.today(), c.req.valid('query').overdue === 'true'),
        200,
      ),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/complaints/{id}/transfer',
      tags,
      security: bearer,
      summary: 'Transfer to the body that must answer',
      middleware: [requireRole(...COMPLAINT_HANDLERS)] as const,
      request: { params: ComplaintId, body: { ...json(z.object({ to: z.string().trim().min(1).max(200) }).strict()), required: true } },
      responses: { 200: { description: 'The complaint', ...json(ArrearsComplaint) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await tracking.transferComplaint(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').to), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/complaints/{id}/extension',
      tags,
      security: bearer,
      summary: 'Extend the answer deadline (at most 90 days from receipt), with the reason',
      middleware: [requireRole(...COMPLAINT_HANDLERS)] as const,
      request: {
        params: ComplaintId,
        body: { ...json(z.object({ reason: z.string().trim().min(1).max(2000), newDueOn: IsoDate }).strict()), required: true },
      },
      responses: { 200: { description: 'The complaint', ...json(ArrearsComplaint) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await tracking.extendComplaint(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/complaints/{id}/answer',
      tags,
      security: bearer,
      summary: 'Answer; a justified complaint becomes a 政务失信 record of the debtor (linked by id)',
      middleware: [requireRole(...COMPLAINT_HANDLERS)] as const,
      request: {
        params: ComplaintId,
        body: {
          ...json(
            z
              .object({
                answer: z.string().trim().min(1).max(20_000),
                justified: z.boolean(),
                documentNo: z.string().trim().min(1).max(100).optional(),
              })
              .strict(),
          ),
          required: true,
        },
      },
      responses: { 200: { description: 'The complaint', ...json(ArrearsComplaint) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await tracking.answerComplaint(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
