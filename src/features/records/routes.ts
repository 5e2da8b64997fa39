import { z } from '@hono/zod-openapi';
import { ANY_ROLE, requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems, UsccParam } from '../../http/schemas.js';
import { penaltyClassTable, putSectorStandard } from './classes.js';
import { CHANGERS, HOLD_READERS, LISTERS, RECORDERS, STANDARD_KEEPERS } from './policy.js';
import { listRecords } from './queue.js';
import { RecordListQuery, RecordPage } from './queue-schemas.js';
import {
  Category,
  CorrectionBody,
  CreateRecordBody,
  ObligationsMetBody,
  PenaltyClasses,
  Record,
  RecordWithHistory,
  SectorStandard,
  SectorStandardBody,
} from './schemas.js';
import * as records from './service.js';

const tags = ['Credit records'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^rec_[0-9A-Z]{26}$/, 'a record id (rec_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Object authorisation before the body is judged: a stranger learns nothing from validation. */
const mayCorrect = guard(records.authorizeCorrection);

export const recordRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/catalogue/penalty-classes',
      tags,
      summary: "The least class each penalty type implies, and the departments' own standards that prevail",
      responses: { 200: { description: 'The table', ...json(PenaltyClasses) } },
    }),
    async (c) => c.json(await penaltyClassTable(c.get('db')), 200),
  )

  .openapi(
    route({
      method: 'put',
      path: '/api/v1/sector-standards/{uscc}',
      tags,
      security: bearer,
      summary: "Load a department's own 轻微/一般/严重 standard (it prevails for that department's records)",
      middleware: [requireRole(...STANDARD_KEEPERS)] as const,
      request: { params: UsccParam, body: { ...json(SectorStandardBody), required: true } },
      responses: { 200: { description: 'The standard as loaded', ...json(SectorStandard) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await putSectorStandard(c.get('db'), ctxOf(c), c.req.valid('param').uscc, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/catalogue/categories',
      tags,
      summary: 'Record categories (失信 and 良好)',
      responses: { 200: { description: 'The catalogue', ...json(z.object({ items: z.array(Category) })) } },
    }),
    async (c) => c.json(await records.listCategories(c.get('db')), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/records',
      tags,
      security: bearer,
      summary: "Record a credit fact; the department is the token's dept",
      middleware: [requireRole(...RECORDERS)] as const,
      request: { body: { ...json(CreateRecordBody), required: true } },
      responses: { 201: { description: 'Recorded, with its display window', ...json(Record) }, ...problems(400, 401, 403, 409, 422) },
    }),
    async (c) => c.json(await records.createRecord(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/records',
      tags,
      security: bearer,
      summary: "A department's records, newest first: a regulator its own department's, reviewers and admins any",
      middleware: [requireRole(...LISTERS)] as const,
      request: { query: RecordListQuery },
      responses: { 200: { description: 'A page of current revisions', ...json(RecordPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => c.json(await listRecords(c.get('db'), ctxOf(c).actor, c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/records/held',
      tags,
      security: bearer,
      summary: 'Records past their display period, held because obligations are unmet: waiting for a decision',
      middleware: [requireRole(...HOLD_READERS)] as const,
      responses: {
        200: { description: "A regulator sees its own department's", ...json(z.object({ items: z.array(Record) })) },
        ...problems(401, 403),
      },
    }),
    async (c) => c.json(await records.heldRecords(c.get('db'), c.get('actor')!, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/records/{id}/display-end',
      tags,
      security: bearer,
      summary: "End the display of a held record (a person's decision)",
      middleware: [requireRole(...CHANGERS), mayCorrect] as const,
      request: { params: IdParam, body: { ...json(z.object({ reason: z.string().trim().min(1).max(2000) }).strict()), required: true } },
      responses: { 200: { description: 'The record', ...json(Record) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await records.endHeldDisplay(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').reason), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/records/{id}/obligations-met',
      tags,
      security: bearer,
      summary: 'Record that the subject has met its obligations (before a repair can succeed)',
      middleware: [requireRole(...CHANGERS), mayCorrect] as const,
      request: { params: IdParam, body: { ...json(ObligationsMetBody), required: true } },
      responses: { 200: { description: 'The record', ...json(Record) }, ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await records.recordObligationsMet(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/records/{id}',
      tags,
      security: bearer,
      summary: 'A record with its revision history',
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The record', ...json(RecordWithHistory) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await records.getRecord(c.get('db'), c.get('actor')!, c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/records/{id}/corrections',
      tags,
      security: bearer,
      summary: 'Correct a record: a new revision supersedes the current one (both kept)',
      middleware: [requireRole(...CHANGERS), mayCorrect] as const,
      request: { params: IdParam, body: { ...json(CorrectionBody), required: true } },
      responses: { 201: { description: 'The new revision', ...json(Record) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await records.correctRecord(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/subjects/{uscc}/records',
      tags,
      security: bearer,
      summary: "A subject's current records (regulators: any subject; a subject: its own)",
      middleware: [requireRole(...ANY_ROLE)] as const,
      request: { params: UsccParam },
      responses: {
        200: { description: 'Current revisions, newest decision first', ...json(z.object({ items: z.array(Record) })) },
        ...problems(400, 401, 403, 404),
      },
    }),
    async (c) => c.json(await records.recordsOfSubject(c.get('db'), c.get('actor')!, c.req.valid('param').uscc), 200),
  );
