import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '../../http/router.js';
import { IsoDate, json, problems } from '../../http/schemas.js';
import { UsccParam } from '../subjects/schemas.js';
import { listStatus, publicProfile } from './service.js';

const tags = ['Public'];

const PublicProfile = z.object({
  uscc: z.string(), name: z.string(), kind: z.string(), legalRepresentative: z.string(), previousNames: z.array(z.string()),
  asOf: z.string(), grade: z.string(), score: z.number().int(),
  listEntries: z.array(z.object({ id: z.string(), list: z.string(), reason: z.string(), basis: z.string(), documentNo: z.string(), department: z.string(), validFrom: z.string(), validUntil: z.string() })),
  records: z.array(z.object({
    id: z.string(), kind: z.string(), category: z.string(), categoryName: z.string(), severity: z.string().nullable(), facts: z.string(),
    basis: z.string(), documentNo: z.string(), decidedOn: z.string(), department: z.string(), penalties: z.array(z.unknown()), shownUntil: z.string(),
  })),
}).openapi('PublicProfile');

const Status = z.object({
  status: z.object({
    uscc: z.string(), name: z.string(), on: z.string(), red: z.boolean(), black: z.boolean(), watch: z.boolean(),
    entries: z.array(z.record(z.string(), z.unknown())), voidedEntries: z.array(z.record(z.string(), z.unknown())), issuedAt: z.string(),
  }),
  jws: z.string().openapi({ description: 'Compact JWS (ES256) whose payload is the status; keys at /.well-known/jwks.json' }),
}).openapi('ListStatusProof');

export const publicRoutes = createRouter()
  .openapi(createRoute({
    method: 'get', path: '/api/v1/public/subjects/{uscc}', tags, summary: 'A public credit profile (no token)',
    request: { params: UsccParam },
    responses: { 200: { description: 'What the law publishes', ...json(PublicProfile) }, ...problems(400, 404) },
  }), async (c) => c.json(await publicProfile(c.get('db'), c.req.valid('param').uscc, c.get('deps').clock.today()), 200))

  .openapi(createRoute({
    method: 'get', path: '/api/v1/public/subjects/{uscc}/status', tags, summary: 'Was it on a red or black list on a day? Signed.',
    request: { params: UsccParam, query: z.object({ on: IsoDate }) },
    responses: { 200: { description: 'The status and its signature', ...json(Status) }, ...problems(400, 404) },
  }), async (c) => {
    const deps = c.get('deps');
    return c.json(await listStatus(c.get('db'), deps.proofSigner, c.req.valid('param').uscc, c.req.valid('query').on, deps.clock.now()), 200);
  })

  .openapi(createRoute({
    method: 'get', path: '/.well-known/jwks.json', tags, summary: 'Public keys that verify status proofs (retired ones included)',
    responses: { 200: { description: 'JWKS', ...json(z.object({ keys: z.array(z.record(z.string(), z.unknown())) })) } },
  }), (c) => c.json({ keys: c.get('deps').proofSigner.jwks() as Record<string, unknown>[] }, 200));
