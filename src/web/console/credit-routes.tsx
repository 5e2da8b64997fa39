import { Hono } from 'hono';
import type { AppEnv } from '../../http/env.js';
import { commitmentPages } from './credit/commitments-routes.js';
import { entryPages } from './credit/entries-routes.js';
import { objectionPages } from './credit/objections-routes.js';
import { recordPages } from './credit/records-routes.js';
import { repairPages } from './credit/repairs-routes.js';

/**
 * The regulators' credit console: records (a case recorded), the red and black lists with their
 * deadlines, the objection and repair queues, commitments. Every page calls the API's verbs with the
 * signed-in person's context, so the same object authorisation holds.
 */
export const creditConsolePages = new Hono<AppEnv>()
  .route('/', recordPages)
  .route('/', entryPages)
  .route('/', objectionPages)
  .route('/', repairPages)
  .route('/', commitmentPages);
