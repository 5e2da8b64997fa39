import { z } from '@hono/zod-openapi';
import { requireRole } from '../../http/auth.js';
import { createRouter, ctxOf, guard, route } from '../../http/router.js';
import { bearer, json, problems } from '../../http/schemas.js';
import { decideResult, extendContract, fileContract, startService, uploadResult } from './contract.js';
import { AGENCIES, authorizePoolAgency, authorizeSelectionOwner, authorizeWinner, OPERATORS, OWNERS } from './policy.js';
import { confirmSelection, decideObjection, fileObjection, pickFromShortlist } from './publicity.js';
import { Proof, Selection, SelectionObjection } from './response-schemas.js';
import { ContractBody, ExtensionBody, ObjectionBody, ObjectionDecisionBody, PickBody, ResultBody, ResultDecisionBody } from './schemas.js';
import { selectionProof, selectionView } from './selection-view.js';

const tags = ['中介超市: selections'];
const IdParam = z.object({
  id: z
    .string()
    .regex(/^sel_[0-9A-Z]{26}$/, 'a selection id (sel_…)')
    .openapi({ param: { name: 'id', in: 'path' } }),
});
const ObjectionParams = IdParam.extend({
  objectionId: z
    .string()
    .regex(/^[1-9]\d{0,17}$/, 'an objection number')
    .openapi({ param: { name: 'objectionId', in: 'path' } }),
});
const owner = guard(authorizeSelectionOwner);
const ok = (description: string) => ({ 200: { description, ...json(Selection) } });

/** Owner acts on its selection: each a POST answered with the selection as the owner sees it. */
function ownerPost<B extends z.ZodType>(path: string, summary: string, body: B) {
  return route({
    method: 'post',
    path: `/api/v1/market/selections/{id}${path}`,
    tags,
    security: bearer,
    summary,
    middleware: [requireRole(...OWNERS), owner] as const,
    request: { params: IdParam, body: { content: { 'application/json': { schema: body } }, required: true } },
    responses: { ...ok('The selection'), ...problems(400, 401, 403, 404, 409, 422) },
  });
}

function ownerAct(path: string, summary: string) {
  return route({
    method: 'post',
    path: `/api/v1/market/selections/{id}${path}`,
    tags,
    security: bearer,
    summary,
    middleware: [requireRole(...OWNERS), owner] as const,
    request: { params: IdParam },
    responses: { ...ok('The selection'), ...problems(400, 401, 403, 404, 409, 422) },
  });
}

export const selectionRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/selections/{id}',
      tags,
      summary: 'A selection (no token): the pool with each exclusion’s reasons, the bids (opened), changes, contract and results',
      request: { params: IdParam },
      responses: { ...ok('The selection'), ...problems(400, 404) },
    }),
    async (c) => c.json(await selectionView(c.get('db'), c.req.valid('param').id, c.get('actor')), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/market/selections/{id}/proof',
      tags,
      summary: 'The self-contained proof of the draw (no token); `npm run verify-draw -- proof.json` checks it offline',
      request: { params: IdParam },
      responses: { 200: { description: 'The proof JSON', ...json(Proof) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await selectionProof(c.get('db'), c.req.valid('param').id), 200),
  )
  .openapi(ownerPost('/pick', '信用择优: the owner picks the winner from the short list', PickBody), async (c) =>
    c.json(await pickFromShortlist(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json').uscc), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/selections/{id}/objections',
      tags,
      security: bearer,
      summary: 'An agency of the pool objects during 结果公示 (3 working days), optionally naming the eligibility decision it disputes',
      middleware: [requireRole(...AGENCIES), guard(authorizePoolAgency)] as const,
      request: { params: IdParam, body: { ...json(ObjectionBody), required: true } },
      responses: { 201: { description: 'The objection', ...json(SelectionObjection) }, ...problems(400, 401, 403, 404, 409, 422) },
    }),
    async (c) => c.json(await fileObjection(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/selections/{id}/objections/{objectionId}/decision',
      tags,
      security: bearer,
      summary: 'The operator upholds or rejects an objection; upheld against the winner, the next in order takes its place',
      middleware: [requireRole(...OPERATORS)] as const,
      request: { params: ObjectionParams, body: { ...json(ObjectionDecisionBody), required: true } },
      responses: { ...ok('The selection'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const { id, objectionId } = c.req.valid('param');
      return c.json(await decideObjection(c.get('db'), ctxOf(c), id, objectionId, c.req.valid('json')), 200);
    },
  )
  .openapi(
    ownerAct('/confirm', 'The owner confirms after the window; a winner restricted by now is replaced by the next in order'),
    async (c) => c.json(await confirmSelection(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    ownerPost('/contract', '合同备案: number, amount, start and end (the announcement goes under contract)', ContractBody),
    async (c) => c.json(await fileContract(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(ownerPost('/contract/extensions', 'Extends the contract to a later end, with the reason', ExtensionBody), async (c) =>
    c.json(await extendContract(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(ownerAct('/start', 'The owner starts the service (on or after the contract’s start day)'), async (c) =>
    c.json(await startService(c.get('db'), ctxOf(c), c.req.valid('param').id), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/api/v1/market/selections/{id}/results',
      tags,
      security: bearer,
      summary: 'The winning agency uploads its service result',
      middleware: [requireRole(...AGENCIES), guard(authorizeWinner)] as const,
      request: { params: IdParam, body: { ...json(ResultBody), required: true } },
      responses: { ...ok('The selection'), ...problems(400, 401, 403, 404, 409) },
    }),
    async (c) => c.json(await uploadResult(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  )
  .openapi(
    ownerPost('/results/decision', 'The owner confirms the result (completed; the rating window opens) or returns it', ResultDecisionBody),
    async (c) => c.json(await decideResult(c.get('db'), ctxOf(c), c.req.valid('param').id, c.req.valid('json')), 200),
  );
