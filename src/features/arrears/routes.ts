import { z } from '@hono/zod-openapi';
import { DomainError } from '../../core/errors.js';
import { requireRole } from '../../http/auth.js';
import { PageQuery } from '../../http/pagination.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, IsoDate, json, problems } from '../../http/schemas.js';
import * as contracts from './contracts.js';
import { recordEvent } from './events.js';
import { LPR_KEEPERS, READERS, WRITERS } from './policy.js';
import { post } from './postings.js';
import {
  ArrearsBody,
  ArrearsContract,
  ArrearsContractDetail,
  ArrearsContractor,
  ArrearsContractPage,
  ArrearsEntries,
  ArrearsEventRecorded,
  ArrearsInterest,
  ArrearsLpr,
  ArrearsPostingResult,
} from './response-schemas.js';
import { BodyInput, ContractInput, ContractorInput, EventInput, LprInput, PostingInput } from './schemas.js';
import { contractDetail, contractEntries, contractInterest } from './views.js';

const tags = ['Arrears ledger'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^con_[0-9A-Z]{26}$/, 'a contract id (con_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

/** Whose contract: checked before the body is judged. */
const mayRead = guard(contracts.readableContract);

export const arrearsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/bodies',
      tags,
      security: bearer,
      summary: 'Register a debtor body (机关/事业单位/国有企业)',
      middleware: [requireRole(...WRITERS)] as const,
      request: { body: { ...json(BodyInput), required: true } },
      responses: { 201: { description: 'Registered', ...json(ArrearsBody) }, ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await contracts.createBody(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/contractors',
      tags,
      security: bearer,
      summary: 'Register a contractor (SME flag and size)',
      middleware: [requireRole(...WRITERS)] as const,
      request: { body: { ...json(ContractorInput), required: true } },
      responses: { 201: { description: 'Registered', ...json(ArrearsContractor) }, ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await contracts.createContractor(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/lpr',
      tags,
      security: bearer,
      summary: 'Record a 1-year LPR announcement',
      middleware: [requireRole(...LPR_KEEPERS)] as const,
      request: { body: { ...json(LprInput), required: true } },
      responses: { 201: { description: 'Recorded', ...json(ArrearsLpr) }, ...problems(400, 401, 403, 409) },
    }),
    async (c) => c.json(await contracts.addLpr(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/contracts',
      tags,
      security: bearer,
      summary: 'Record a contract (rate checked against the LPR at signing)',
      middleware: [requireRole(...WRITERS)] as const,
      request: { body: { ...json(ContractInput), required: true } },
      responses: { 201: { description: 'The contract', ...json(ArrearsContract) }, ...problems(400, 401, 403, 422) },
    }),
    async (c) => c.json(await contracts.createContract(c.get('db'), ctxOf(c), c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/contracts',
      tags,
      security: bearer,
      summary: 'Contracts (a contractor: its own)',
      middleware: [requireRole(...READERS)] as const,
      request: { query: PageQuery },
      responses: { 200: { description: 'A page', ...json(ArrearsContractPage) }, ...problems(400, 401, 403) },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json(await contracts.listContracts(c.get('db'), c.get('actor')!, q.limit, q.cursor), 200);
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/contracts/{id}',
      tags,
      security: bearer,
      summary: 'A contract with its obligations: due dates, paid, outstanding',
      middleware: [requireRole(...READERS), mayRead] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'The contract', ...json(ArrearsContractDetail) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await contractDetail(c.get('db'), c.get('actor')!, c.req.valid('param').id, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/contracts/{id}/interest',
      tags,
      security: bearer,
      summary: 'Late interest as of a date, segment by segment',
      middleware: [requireRole(...READERS), mayRead] as const,
      request: { params: IdParam, query: z.object({ asOf: IsoDate.optional() }) },
      responses: { 200: { description: 'Interest', ...json(ArrearsInterest) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) =>
      c.json(
        await contractInterest(
          c.get('db'),
          c.get('actor')!,
          c.req.valid('param').id,
          c.req.valid('query').asOf ?? c.get('deps').clock.today(),
        ),
        200,
      ),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/arrears/contracts/{id}/entries',
      tags,
      security: bearer,
      summary: "A contract's postings in ledger order (reversed ones marked) and its events",
      middleware: [requireRole(...READERS), mayRead] as const,
      request: { params: IdParam },
      responses: { 200: { description: 'Postings and events', ...json(ArrearsEntries) }, ...problems(400, 401, 403, 404) },
    }),
    async (c) => c.json(await contractEntries(c.get('db'), c.get('actor')!, c.req.valid('param').id), 200),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/contracts/{id}/events',
      tags,
      security: bearer,
      summary: 'delivery, inspection_passed, settlement_confirmed, dispute, dispute_resolved',
      middleware: [requireRole(...WRITERS), mayRead] as const,
      request: { params: IdParam, body: { ...json(EventInput), required: true } },
      responses: { 201: { description: 'Recorded', ...json(ArrearsEventRecorded) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await recordEvent(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )

  .openapi(
    route({
      method: 'post',
      path: '/api/v1/arrears/contracts/{id}/postings',
      tags,
      security: bearer,
      summary: 'payment, interest_payment, adjustment, reversal; Idempotency-Key required',
      // The key is kept inside the posting's own transaction (postings.post), not by the generic middleware.
      idempotency: 'own',
      middleware: [requireRole(...WRITERS), mayRead] as const,
      request: {
        params: IdParam,
        headers: z.object({ 'idempotency-key': z.string().min(1).max(200) }),
        body: { ...json(PostingInput), required: true },
      },
      responses: {
        201: { description: 'Posted (or the first answer replayed)', ...json(ArrearsPostingResult) },
        ...problems(400, 401, 403, 404, 409, 422),
      },
    }),
    async (c) => {
      const key = c.req.header('Idempotency-Key');
      if (!key)
        throw new DomainError('VALIDATION', 'Idempotency-Key: required for ledger postings', {
          errors: [{ path: 'Idempotency-Key', message: 'required' }],
        });
      const result = await post(c.get('db'), ctxOf(c), c.req.valid('param').id, key, c.req.valid('json'));
      if (result.replayed) c.header('Idempotency-Replayed', 'true');
      return c.json(result, 201);
    },
  );
