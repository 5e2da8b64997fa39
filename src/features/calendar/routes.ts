import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, IsoDate, json, problems } from '../../http/schemas.js';
import * as calendar from './service.js';

const tags = ['Working days'];
// A year has at most 366 days: the bound is checked before the items (an unbounded list overflowed the validator).
const Year = z.object({ holidays: z.array(IsoDate).max(366), workdays: z.array(IsoDate).max(366) }).openapi('CalendarYear');
const YearParam = z.object({
  year: z.coerce
    .number()
    .int()
    .min(2000)
    .max(2100)
    .openapi({ param: { name: 'year', in: 'path' } }),
});
const date = () => z.string().openapi({ description: 'a date as YYYY-MM-DD', example: '2027-01-04' });
const provisional = () =>
  z.boolean().openapi({
    description: 'true when the count used a provisional table (a year whose official table is not loaded yet, domain §7)',
  });
const YearTable = z
  .object({
    year: z.number().int(),
    status: z.enum(['official', 'provisional']).openapi({
      description: 'official: the State Council table as loaded; provisional: built from the rules until it is (no make-up days)',
    }),
    holidays: z.array(date()),
    workdays: z.array(date()).openapi({ description: 'make-up working days (调休); none in a provisional table' }),
    loadedAt: z.string().nullable().openapi({ description: 'when the official table was loaded (ISO timestamp); null if provisional' }),
  })
  .openapi('CalendarYearTable');
const Recounted = z
  .object({
    entityType: z.string(),
    entityId: z.string(),
    field: z.string(),
    was: date(),
    recounted: date(),
    stands: date().openapi({ description: 'the later of the two: no party loses time' }),
  })
  .openapi('RecountedDeadline');

export const calendarRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/add',
      tags,
      summary: 'The date N working days after a date (the start not counted)',
      request: { query: z.object({ from: IsoDate, workdays: z.coerce.number().int().min(0).max(3650) }) },
      responses: {
        200: { description: 'The date', ...json(z.object({ date: date(), provisional: provisional() }).openapi('CountedDate')) },
        ...problems(400, 422),
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await calendar.addWorkdaysFrom(c.get('db'), q.from, q.workdays), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/{year}',
      tags,
      summary: "A year's days off and make-up working days, official or provisional",
      request: { params: YearParam },
      responses: { 200: { description: 'The table', ...json(YearTable) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await calendar.getYear(c.get('db'), c.req.valid('param').year), 200),
  )

  .openapi(
    route({
      method: 'put',
      path: '/api/v1/calendar/{year}',
      tags,
      security: bearer,
      summary: "Load a year's holidays and make-up working days (调休)",
      middleware: [requireRole(...calendar.CALENDAR_KEEPERS)] as const,
      request: { params: YearParam, body: { ...json(Year.strict()), required: true } },
      responses: {
        200: {
          description: 'The year as loaded; over a provisional table, the open deadlines recounted on it',
          ...json(
            Year.extend({
              year: z.number().int(),
              status: z.literal('official'),
              replacedProvisional: z.boolean(),
              recounted: z.array(Recounted),
            }),
          ),
        },
        ...problems(400, 401, 403),
      },
    }),
    async (c) =>
      c.json(
        await calendar.putYear(c.get('db'), ctxOf(c), c.req.valid('param').year, c.req.valid('json'), c.get('deps').deadlineRecounts),
        200,
      ),
  );
