import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, route } from '../../http/router.js';
import { bearer, IsoDate, json, problems } from '../../http/schemas.js';
import * as calendar from './service.js';

const tags = ['Working days'];
const Year = z.object({ holidays: z.array(IsoDate), workdays: z.array(IsoDate) }).openapi('CalendarYear');

export const calendarRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/calendar/add',
      tags,
      summary: 'The date N working days after a date (the start not counted)',
      request: { query: z.object({ from: IsoDate, workdays: z.coerce.number().int().min(0).max(3650) }) },
      responses: { 200: { description: 'The date', ...json(z.object({ date: z.string() })) }, ...problems(400, 422) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json({ date: await calendar.addWorkdaysFrom(c.get('db'), q.from, q.workdays) }, 200);
    },
  )

  .openapi(
    route({
      method: 'put',
      path: '/api/v1/calendar/{year}',
      tags,
      security: bearer,
      summary: "Load a year's holidays and make-up working days (调休)",
      middleware: [requireRole(...calendar.CALENDAR_KEEPERS)] as const,
      request: {
        params: z.object({
          year: z.coerce
            .number()
            .int()
            .min(2000)
            .max(2100)
            .openapi({ param: { name: 'year', in: 'path' } }),
        }),
        body: { ...json(Year.strict()), required: true },
      },
      responses: {
        200: { description: 'The year as loaded', ...json(Year.extend({ year: z.number().int() })) },
        ...problems(400, 401, 403),
      },
    }),
    async (c) => c.json(await calendar.putYear(c.get('db'), ctxOf(c), c.req.valid('param').year, c.req.valid('json')), 200),
  );
