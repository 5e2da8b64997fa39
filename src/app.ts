import { OpenAPIHono } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { adminRoutes } from './features/admin/routes.js';
import { agenciesRoutes } from './features/agencies/routes.js';
import { announcementsRoutes } from './features/announcements/routes.js';
import { arrearsReportRoutes } from './features/arrears/report-routes.js';
import { arrearsRoutes } from './features/arrears/routes.js';
import { calendarRoutes } from './features/calendar/routes.js';
import { checkRoutes } from './features/checks/routes.js';
import { commitmentRoutes } from './features/commitments/routes.js';
import { departmentRoutes } from './features/departments/routes.js';
import { evaluationRoutes } from './features/evaluation/routes.js';
import { listRoutes } from './features/lists/routes.js';
import { objectionRoutes } from './features/objections/routes.js';
import { deliveryRoutes } from './features/platform/delivery-routes.js';
import { exportRoutes } from './features/platform/export-routes.js';
import { feedRoutes } from './features/platform/feed-routes.js';
import { inboundRoutes } from './features/platform/inbound-routes.js';
import { takesWatchCodes, WATCH_MAX_BODY_BYTES, watchRoutes } from './features/platform/watch-routes.js';
import { publicRoutes } from './features/public/routes.js';
import { ratingsRoutes } from './features/ratings/routes.js';
import { recordRoutes } from './features/records/routes.js';
import { repairRoutes } from './features/repairs/routes.js';
import { reportsRoutes } from './features/reports/routes.js';
import { subjectRoutes } from './features/subjects/routes.js';
import { metricsRoutes } from './features/system/metrics-routes.js';
import { docsRoutes, systemRoutes } from './features/system/routes.js';
import { authenticate } from './http/auth.js';
import { PUBLIC_CORS_PATHS, publicCors } from './http/cors.js';
import type { AppDeps, AppEnv } from './http/env.js';
import { handleError, problemResponse } from './http/errors.js';
import { routeReads } from './http/read-routing.js';
import { requestFrame } from './http/request-frame.js';
import { isPagePath, notFoundPage, webPages } from './web/index.js';

export const MAX_BODY_BYTES = 1024 * 1024;
/** The methods that carry a body and change something: body limits and after-write sealing concern only them. */
const WRITE_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

/** Builds the HTTP app from its dependencies; the same app serves Node, Workers and the tests. */
export function buildApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>();
  // Every request: its id, logger, dependencies, database handle and timing (http/request-frame.ts).
  // The other middleware is registered only for the methods and paths it concerns, so a read passes
  // through no layer it does not need.
  app.use('*', requestFrame(deps));
  const cors = publicCors(deps.config.CORS_ORIGINS);
  for (const path of PUBLIC_CORS_PATHS) app.use(path, cors);
  const limit = (maxSize: number) =>
    bodyLimit({
      maxSize,
      onError: (c) => problemResponse(c, 413, 'Too large', `the request body exceeds ${maxSize} bytes`, { code: 'LIMIT_EXCEEDED' }),
    });
  const usualLimit = limit(MAX_BODY_BYTES);
  // A watch's list of up to 100,000 codes is about 2.3 MB: those routes alone get a larger limit.
  const watchCodesLimit = limit(WATCH_MAX_BODY_BYTES);
  app.on(WRITE_METHODS, '*', (c, next) => (takesWatchCodes(c.req.path) ? watchCodesLimit : usualLimit)(c, next));
  // Lag-tolerant reads use `readDb`: the primary's handle, or a replica where one may serve (http/read-routing.ts).
  if (deps.replicas) app.use('*', routeReads(deps.replicas, deps.config.REPLICA_MAX_LAG_MS));
  app.use('/api/*', authenticate(deps.verifyToken));
  const afterWrite = deps.afterWrite;
  if (afterWrite) {
    app.on(WRITE_METHODS, '*', async (c, next) => {
      await next();
      // The API's writes and the pages' form posts alike.
      if ((c.req.path.startsWith('/api/') || isPagePath(c.req.path)) && c.res.status < 400) {
        // The write has committed; sealing is follow-up work and must not turn it into an error.
        await afterWrite(c.get('db'), c.get('log')).catch((error: Error) => c.get('log').warn({ err: error }, 'after-write failed'));
      }
    });
  }

  app.route('/', systemRoutes);
  app.route('/', docsRoutes);
  app.route('/', metricsRoutes);
  app.route('/', subjectRoutes);
  app.route('/', recordRoutes);
  app.route('/', evaluationRoutes);
  app.route('/', checkRoutes);
  app.route('/', commitmentRoutes);
  app.route('/', departmentRoutes);
  app.route('/', calendarRoutes);
  app.route('/', listRoutes);
  app.route('/', repairRoutes);
  app.route('/', objectionRoutes);
  app.route('/', publicRoutes);
  app.route('/', arrearsRoutes);
  app.route('/', arrearsReportRoutes);
  app.route('/', agenciesRoutes);
  app.route('/', announcementsRoutes);
  app.route('/', ratingsRoutes);
  app.route('/', reportsRoutes);
  app.route('/', feedRoutes);
  app.route('/', deliveryRoutes);
  app.route('/', exportRoutes);
  app.route('/', watchRoutes);
  app.route('/', inboundRoutes);
  app.route('/', adminRoutes);
  app.route('/', webPages);

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer', bearerFormat: 'JWT (ES256)' });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Credit registry API',
      version: '1',
      description: 'Subjects, credit records, red/black lists, 中介超市 and the arrears ledger. Errors are application/problem+json.',
    },
  });
  app.notFound((c) =>
    isPagePath(c.req.path) || (!c.req.path.startsWith('/api/') && c.req.header('Accept')?.includes('text/html'))
      ? notFoundPage(c)
      : problemResponse(c, 404, 'Not found', `no route for ${c.req.method} ${new URL(c.req.url).pathname}`, { code: 'NOT_FOUND' }),
  );
  app.onError(handleError);
  return app;
}

export type App = ReturnType<typeof buildApp>;
