import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { requireRole } from '../../http/auth.js';
import type { AppEnv } from '../../http/env.js';
import { acquireReadHandle } from '../../http/read-routing.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { ExportJson, ExportQuery, QualityQuery, QualityReport, ReconcileBody, ReconcileResult } from './export-schemas.js';
import { pullStream } from './export-stream.js';
import { exportFile, type StreamedFile } from './exports.js';
import { FEED_READERS } from './policy.js';
import { QUALITY_READERS, qualityReport } from './quality.js';
import { reconcile } from './reconcile.js';
import { snapshot } from './snapshot.js';

const tags = ['Sync: exports and reconciliation'];

/**
 * A file streamed as it is read. It is read over a database handle of its own (a replica where one may
 * serve), released when the body ends: the request's handle is released when the handler returns,
 * before the body has been produced.
 */
async function streamed(c: Context<AppEnv>, file: StreamedFile<string | Uint8Array>) {
  const handle = await acquireReadHandle(c);
  const body = pullStream(file.body(handle.db), () => handle.release(), c.get('log'));
  return c.body(body, 200, {
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.filename}"`,
    'Cache-Control': 'no-store',
  });
}

export const exportRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/export',
      tags,
      security: bearer,
      summary:
        'Decisions, list entries or commitments in the platform’s own field names (CSV with a BOM, or a JSON array), streamed. Carries person identifiers: platform role (and admin) only',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { query: ExportQuery },
      responses: {
        200: {
          description: 'The file (Content-Disposition names it)',
          content: { 'text/csv': { schema: z.string() }, 'application/json': { schema: ExportJson } },
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => streamed(c, exportFile(ctxOf(c), c.req.valid('query'))) as never,
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/snapshot',
      tags,
      security: bearer,
      summary:
        'Everything public today as NDJSON in canonical order (kind, then id); the last line is {"asOf","count","sha256"} over the row lines',
      middleware: [requireRole(...FEED_READERS)] as const,
      responses: {
        200: {
          description: 'One canonical JSON row per line ({"data","id","kind"}), then the summary line',
          content: { 'application/x-ndjson': { schema: z.string() } },
        },
        ...problems(401, 403),
      },
    }),
    async (c) => streamed(c, snapshot(ctxOf(c))) as never,
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/sync/reconcile',
      tags,
      security: bearer,
      summary: 'Compare the platform’s count and checksum per day with the feed; answers which days differ and which events to resend',
      middleware: [requireRole(...FEED_READERS)] as const,
      request: { body: { required: true, ...json(ReconcileBody) } },
      responses: {
        200: { description: 'Per day: match, differs or missing on one side', ...json(ReconcileResult) },
        ...problems(400, 401, 403, 413),
      },
    }),
    async (c) => c.json(await reconcile(c.get('db'), ctxOf(c), c.req.valid('json').days), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/sync/quality',
      tags,
      security: bearer,
      summary:
        'Per department: 行政处罚 decisions that reached the platform within 7 working days, and the completeness of mandatory fields (target 95%)',
      middleware: [requireRole(...QUALITY_READERS)] as const,
      request: { query: QualityQuery },
      responses: { 200: { description: 'The quality report', ...json(QualityReport) }, ...problems(400, 401, 403, 422) },
    }),
    async (c) => c.json(await qualityReport(c.get('readDb'), ctxOf(c), c.req.valid('query')), 200),
  );
