import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { HANDLERS } from './policy.js';
import { reportQueue, trackReport } from './queries.js';
import {
  Report,
  ReportBody,
  ReportDecisionBody,
  ReportIdParam,
  ReportPage,
  ReportQueueQuery,
  ReportReceipt,
  ReportTracking,
  TrackingParam,
} from './schemas.js';
import { authorizeDecision, decideReport, fileReport } from './service.js';

const tags = ['中介超市: reports (举报)'];

export const reportsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/reports',
      tags,
      summary: "Report an agency's misconduct (no token); the contact is seen by regulators only. Keep the tracking number",
      request: { body: { ...json(ReportBody), required: true } },
      responses: { 201: { description: 'Received', ...json(ReportReceipt) }, ...problems(400, 413, 422) },
    }),
    async (c) =>
      c.json(await fileReport(c.get('db'), { clock: c.get('deps').clock, requestId: c.get('requestId') }, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/reports/track/{trackingNo}',
      tags,
      summary: 'Follow a report by its tracking number (no token): its state, and once decided the decision and its reasons',
      request: { params: TrackingParam },
      responses: { 200: { description: 'The report as its reporter may follow it', ...json(ReportTracking) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await trackReport(c.get('readDb'), c.req.valid('param').trackingNo), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/reports',
      tags,
      security: bearer,
      summary: "Regulators' queue of reports by state (default received), oldest first, with the reporter's contact",
      middleware: [requireRole(...HANDLERS)] as const,
      request: { query: ReportQueueQuery },
      responses: { 200: { description: 'A page of reports', ...json(ReportPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await reportQueue(c.get('db'), ctxOf(c).actor, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/reports/{id}/decision',
      tags,
      security: bearer,
      summary:
        "A regulator dismisses a report with reasons, or verifies it: a dishonesty record of the regulator's department linked to it (three verified in a year suspend the agency)",
      middleware: [requireRole(...HANDLERS), guard(authorizeDecision)] as const,
      request: { params: ReportIdParam, body: { ...json(ReportDecisionBody), required: true } },
      responses: { 200: { description: 'Decided', ...json(Report) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await decideReport(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
