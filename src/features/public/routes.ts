import { z } from '@hono/zod-openapi';
import type { JWK } from 'jose';
import { createRouter, route } from '../../http/router.js';
import { IsoDate, json, problems, UsccParam } from '../../http/schemas.js';
import { listStatus, publicProfile } from './service.js';

const tags = ['Public'];

const PublicProfile = z
  .object({
    uscc: z.string(),
    name: z.string(),
    kind: z.string(),
    legalRepresentative: z.string(),
    previousNames: z.array(z.string()),
    asOf: z.string(),
    grade: z.string(),
    score: z.number().int(),
    listEntries: z.array(
      z.object({
        id: z.string(),
        list: z.string(),
        reason: z.string(),
        basis: z.string(),
        documentNo: z.string(),
        department: z.string(),
        validFrom: z.string(),
        validUntil: z.string(),
      }),
    ),
    records: z.array(
      z.object({
        id: z.string(),
        kind: z.string(),
        category: z.string(),
        categoryName: z.string(),
        severity: z.string().nullable(),
        facts: z.string(),
        basis: z.string(),
        documentNo: z.string(),
        decidedOn: z.string(),
        department: z.string(),
        shownUntil: z.string(),
        penalties: z.array(z.object({ type: z.string(), content: z.string().optional(), termMonths: z.number().int().optional() })),
      }),
    ),
  })
  .openapi('PublicProfile');

const Status = z
  .object({
    status: z.object({
      uscc: z.string(),
      name: z.string(),
      on: z.string(),
      red: z.boolean(),
      black: z.boolean(),
      watch: z.boolean(),
      entries: z.array(
        z.object({
          id: z.string(),
          list: z.string(),
          documentNo: z.string(),
          department: z.string(),
          publishedOn: z.string(),
          validUntil: z.string(),
          exitedOn: z.string().nullable(),
          exitReason: z.string().nullable(),
        }),
      ),
      voidedEntries: z
        .array(z.object({ id: z.string(), list: z.string(), note: z.string() }))
        .openapi({ description: 'Entries voided by an upheld objection: they count as never listed' }),
      issuedAt: z.string(),
    }),
    jws: z.string().openapi({ description: 'Compact JWS (ES256) whose payload is the status; keys at /.well-known/jwks.json' }),
  })
  .openapi('ListStatusProof');

const PublicJwk = z
  .object({
    kty: z.string(),
    crv: z.string().optional(),
    x: z.string().optional(),
    y: z.string().optional(),
    kid: z.string().optional(),
    alg: z.string().optional(),
    use: z.string().optional(),
  })
  .openapi('PublicJwk');
const Jwks = z.object({ keys: z.array(PublicJwk) }).openapi('Jwks');

/** Only the public members of a key: whatever else a JWK carries never reaches the JWKS. */
function publicJwk(k: JWK) {
  return { kty: k.kty ?? 'EC', crv: k.crv, x: k.x, y: k.y, kid: k.kid, alg: k.alg, use: k.use };
}

export const publicRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/api/v1/public/subjects/{uscc}',
      tags,
      summary: 'A public credit profile (no token)',
      request: { params: UsccParam },
      responses: { 200: { description: 'What the law publishes', ...json(PublicProfile) }, ...problems(400, 404) },
    }),
    async (c) => c.json(await publicProfile(c.get('db'), c.req.valid('param').uscc, c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/public/subjects/{uscc}/status',
      tags,
      summary: 'Was it on a red or black list on a day? Signed.',
      request: { params: UsccParam, query: z.object({ on: IsoDate }) },
      responses: { 200: { description: 'The status and its signature', ...json(Status) }, ...problems(400, 404) },
    }),
    async (c) => {
      const deps = c.get('deps');
      return c.json(
        await listStatus(c.get('db'), deps.proofSigner, c.req.valid('param').uscc, c.req.valid('query').on, deps.clock.now()),
        200,
      );
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/.well-known/jwks.json',
      tags,
      summary: 'Public keys that verify status proofs (retired ones included)',
      responses: { 200: { description: 'JWKS', ...json(Jwks) } },
    }),
    (c) => c.json({ keys: c.get('deps').proofSigner.jwks().map(publicJwk) }, 200),
  );
