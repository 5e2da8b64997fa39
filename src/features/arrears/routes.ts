import { createRoute, z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { DomainError } from '../../http/errors.js';
import { PageQuery } from '../../http/pagination.js';
import { createRouter, ctxOf, guard } from '../../http/router.js';
import { bearer, IsoDate, json, problems } from '../../http/schemas.js';
import * as contracts from './contracts.js';
import * as ledger from './ledger.js';
import { BodyInput, ContractInput, ContractorInput, EventInput, LprInput, PostingInput } from './schemas.js';

const tags = ['Arrears ledger'];
/** Postings keep their Idempotency-Key in the posting's own transaction (the generic one is skipped). */
export const POSTINGS_PATH = /^\/api\/v1\/arrears\/contracts\/[^/]+\/postings$/;
const READERS = ['finance', 'regulator', 'reviewer', 'admin', 'subject'] as const;
const WRITERS = ['finance', 'admin'] as const;
const IdParam = z.object({ id: z.string().regex(/^con_[0-9A-Z]{26}$/, 'a contract id (con_…)').openapi({ param: { name: 'id', in: 'path' } }) });
const Anything = z.record(z.string(), z.unknown());

/** Whose contract: checked before the body is judged. */
const mayRead = guard(contracts.readableContract);

export const arrearsRoutes = createRouter()
  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/bodies', tags, security: bearer, summary: 'Register a debtor body (机关/事业单位/国有企业)',
    middleware: [requireRole(...WRITERS)] as const, request: { body: { ...json(BodyInput), required: true } },
    responses: { 201: { description: 'Registered', ...json(Anything) }, ...problems(400, 401, 403, 409) },
  }), async (c) => c.json(await contracts.createBody(c.get('db'), ctxOf(c), c.req.valid('json')), 201))

  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/contractors', tags, security: bearer, summary: 'Register a contractor (SME flag and size)',
    middleware: [requireRole(...WRITERS)] as const, request: { body: { ...json(ContractorInput), required: true } },
    responses: { 201: { description: 'Registered', ...json(Anything) }, ...problems(400, 401, 403, 409) },
  }), async (c) => c.json(await contracts.createContractor(c.get('db'), ctxOf(c), c.req.valid('json')), 201))

  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/lpr', tags, security: bearer, summary: 'Record a 1-year LPR announcement',
    middleware: [requireRole('admin')] as const, request: { body: { ...json(LprInput), required: true } },
    responses: { 201: { description: 'Recorded', ...json(Anything) }, ...problems(400, 401, 403, 409) },
  }), async (c) => c.json(await contracts.addLpr(c.get('db'), ctxOf(c), c.req.valid('json')), 201))

  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/contracts', tags, security: bearer, summary: 'Record a contract (rate checked against the LPR at signing)',
    middleware: [requireRole(...WRITERS)] as const, request: { body: { ...json(ContractInput), required: true } },
    responses: { 201: { description: 'The contract', ...json(Anything) }, ...problems(400, 401, 403, 422) },
  }), async (c) => c.json(await contracts.createContract(c.get('db'), ctxOf(c), c.req.valid('json')), 201))

  .openapi(createRoute({
    method: 'get', path: '/api/v1/arrears/contracts', tags, security: bearer, summary: 'Contracts (a contractor: its own)',
    middleware: [requireRole(...READERS)] as const, request: { query: PageQuery },
    responses: { 200: { description: 'A page', ...json(z.object({ items: z.array(Anything), nextCursor: z.string().nullable() })) }, ...problems(400, 401, 403) },
  }), async (c) => {
    const q = c.req.valid('query');
    return c.json(await contracts.listContracts(c.get('db'), c.get('actor')!, q.limit, q.cursor), 200);
  })

  .openapi(createRoute({
    method: 'get', path: '/api/v1/arrears/contracts/{id}', tags, security: bearer, summary: 'A contract with its obligations: due dates, paid, outstanding',
    middleware: [requireRole(...READERS), mayRead] as const, request: { params: IdParam },
    responses: { 200: { description: 'The contract', ...json(Anything) }, ...problems(400, 401, 403, 404) },
  }), async (c) => c.json(await ledger.contractDetail(c.get('db'), c.get('actor')!, c.req.valid('param').id, c.get('deps').clock.today()), 200))

  .openapi(createRoute({
    method: 'get', path: '/api/v1/arrears/contracts/{id}/interest', tags, security: bearer, summary: 'Late interest as of a date, segment by segment',
    middleware: [requireRole(...READERS), mayRead] as const, request: { params: IdParam, query: z.object({ asOf: IsoDate.optional() }) },
    responses: { 200: { description: 'Interest', ...json(Anything) }, ...problems(400, 401, 403, 404) },
  }), async (c) => c.json(await ledger.contractInterest(c.get('db'), c.get('actor')!, c.req.valid('param').id, c.req.valid('query').asOf ?? c.get('deps').clock.today()), 200))

  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/contracts/{id}/events', tags, security: bearer, summary: 'delivery, inspection_passed, settlement_confirmed, dispute, dispute_resolved',
    middleware: [requireRole(...WRITERS), mayRead] as const, request: { params: IdParam, body: { ...json(EventInput), required: true } },
    responses: { 201: { description: 'Recorded', ...json(Anything) }, ...problems(400, 401, 403, 404, 409, 422) },
  }), async (c) => c.json(await ledger.recordEvent(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201))

  .openapi(createRoute({
    method: 'post', path: '/api/v1/arrears/contracts/{id}/postings', tags, security: bearer,
    summary: 'payment, interest_payment, adjustment, reversal; Idempotency-Key required',
    middleware: [requireRole(...WRITERS), mayRead] as const,
    request: { params: IdParam, headers: z.object({ 'idempotency-key': z.string().min(1).max(200) }), body: { ...json(PostingInput), required: true } },
    responses: { 201: { description: 'Posted (or the first answer replayed)', ...json(Anything) }, ...problems(400, 401, 403, 404, 409) },
  }), async (c) => {
    const key = c.req.header('Idempotency-Key');
    if (!key) throw new DomainError('VALIDATION', 'Idempotency-Key: required for ledger postings', { errors: [{ path: 'Idempotency-Key', message: 'required' }] });
    const result = await ledger.post(c.get('db'), ctxOf(c), c.req.valid('param').id, key, c.req.valid('json'));
    if (result.replayed) c.header('Idempotency-Replayed', 'true');
    return c.json(result, 201);
  });
