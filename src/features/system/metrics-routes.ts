import type { Context } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { problemResponse } from '../../http/errors.js';
import { metricsRefusal } from '../../http/metrics-access.js';
import { createRouter } from '../../http/router.js';

/**
 * GET /metrics, Prometheus text format (operations, not the API: it is not in the OpenAPI document).
 * Read by METRICS_TOKEN's bearer when set, else by a client on this machine only (http/metrics-access.ts).
 * The Worker has no metrics (each isolate would count only its own requests): 404 there.
 */
export const metricsRoutes = createRouter().get('/metrics', async (c: Context<AppEnv>) => {
  const { metrics, config, clock } = c.get('deps');
  if (!metrics) return problemResponse(c, 404, 'Not found', 'this deployment serves no metrics', { code: 'NOT_FOUND' });
  const refused = metricsRefusal(c, config.METRICS_TOKEN);
  if (refused) return refused;
  const { contentType, body } = await metrics.render(c.get('db'), clock);
  return c.body(body, 200, { 'Content-Type': contentType, 'Cache-Control': 'no-store' });
});
