import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import type { JWK } from 'jose';
import type { AppEnv } from '../../http/env.js';
import { ifNoneMatchHits, REVALIDATE_EVERY_TIME } from '../../http/etag.js';
import { pageSchema } from '../../http/pagination.js';
import { createRouter, route } from '../../http/router.js';
import { IsoDate, json, PublicProfileRecord, problems, UsccParam } from '../../http/schemas.js';
import type { IsoDate as IsoDateValue } from '../../lib/dates.js';
import { PUBLIC_LINE_RULES } from '../evaluation/index.js';
import { publishedEntries } from './lists.js';
import { answerEtag, currentReadVersion } from './read-version.js';
import { PublicSearchQuery, PublishedEntriesQuery } from './schemas.js';
import { searchPublicSubjects } from './search.js';
import { listStatus, publicProfile } from './service.js';

const tags = ['Public'];

const REVALIDATION =
  'Current to the second it is asked (the profile may be read from a replica: then at most REPLICA_MAX_LAG_MS behind, and never behind a write of the same client). The answer carries an ETag naming the data it was made from and the day; send it back in If-None-Match and an unchanged answer costs one index lookup (304, no body). Cache-Control: no-cache lets a client or proxy store it but never use it without asking.';
const ConditionalHeaders = z.object({
  'if-none-match': z.string().max(2000).optional().openapi({ description: 'An ETag this endpoint gave earlier' }),
});
const ValidatorHeaders = z.object({
  ETag: z.string().openapi({ description: 'The answer, day and data version' }),
  'Cache-Control': z.string().openapi({ description: 'public, no-cache: store, but revalidate before every use' }),
});

/** The ETag the answer would have now (one index lookup, no answer built); undefined: no such subject (the full read answers 404). */
async function currentEtag(db: AppEnv['Variables']['db'], answer: 'profile' | 'status', uscc: string, day: IsoDateValue) {
  const version = await currentReadVersion(db, uscc);
  return version === undefined ? undefined : answerEtag(answer, uscc, day, version);
}

/**
 * A signed status this process made is given again, while its data version is current, for this long:
 * its `issuedAt` says when it was signed, and what it certifies still holds (the version lookup just
 * said so). Longer would make `issuedAt` misleadingly old; every signature costs more than the query.
 */
const SIGNED_STATUS_REUSE_MS = 60_000;

/**
 * One version lookup decides, when there is something to decide: 304 for the client's tag, or an answer
 * this process kept that is still current (http/answer-cache.ts). Null: build the answer.
 */
async function revalidated(
  c: Context<AppEnv>,
  db: AppEnv['Variables']['db'],
  answer: 'profile' | 'status',
  uscc: string,
  day: IsoDateValue,
  maxAgeMs = Number.POSITIVE_INFINITY,
) {
  const { answers, clock } = c.get('deps');
  const kept = answers.get(`${answer}|${uscc}|${day}`);
  const usable = kept && clock.now().getTime() - kept.madeAt <= maxAgeMs ? kept : undefined;
  const asked = c.req.header('If-None-Match');
  if (!usable && !asked) return null;
  const etag = await currentEtag(db, answer, uscc, day);
  if (etag === undefined) return null;
  c.header('ETag', etag);
  c.header('Cache-Control', REVALIDATE_EVERY_TIME);
  if (ifNoneMatchHits(asked, etag)) return c.body(null, 304);
  if (usable?.etag === etag) return c.body(usable.body, 200, { 'Content-Type': 'application/json' });
  return null;
}

/** Answers with a body just built, and keeps it under its ETag. */
function keep(c: Context<AppEnv>, answer: 'profile' | 'status', uscc: string, day: IsoDateValue, etag: string, body: string) {
  const { answers, clock } = c.get('deps');
  answers.set(`${answer}|${uscc}|${day}`, { etag, body, madeAt: clock.now().getTime() });
  c.header('ETag', etag);
  c.header('Cache-Control', REVALIDATE_EVERY_TIME);
  return c.body(body, 200, { 'Content-Type': 'application/json' });
}

const PublicProfile = z
  .object({
    uscc: z.string(),
    name: z.string(),
    kind: z.string(),
    legalRepresentative: z.string(),
    previousNames: z.array(z.string()),
    asOf: z.string(),
    grade: z.string().openapi({ description: 'The grade the public facts below give (public records, published black entries)' }),
    score: z.number().int().openapi({
      description: 'Counted over the public records in effect only: a record that is not public (轻微) moves no public number',
    }),
    ruleVersion: z.string().openapi({ description: 'The evaluation rule set the score was counted under' }),
    explanation: z
      .object({
        lines: z.array(
          z.object({
            rule: z.enum(PUBLIC_LINE_RULES).openapi({
              description:
                'The rule applied: base score, the deduction for a minor/general/serious dishonesty record, the addition for a good record (good_capped: cut by the cap on additions), or the floor at 0',
            }),
            recordId: z.string().nullable().openapi({ description: 'The public record the line counts (one of records below), if any' }),
            effect: z.number().int().openapi({ description: 'Points added (negative: deducted)' }),
            reason: z.string(),
          }),
        ),
        forcedBottom: z
          .object({ reason: z.string(), listEntryId: z.string().nullable(), recordId: z.string().nullable() })
          .nullable()
          .openapi({ description: 'Why the grade is C whatever the score: an active black entry or a serious record' }),
      })
      .openapi({ description: 'Every point of the public score: the lines add up exactly to score; public facts only' }),
    listEntries: z.array(
      z.object({
        id: z.string(),
        list: z.string(),
        reason: z.string(),
        basis: z.string(),
        documentNo: z.string(),
        department: z.string(),
        departmentName: z.string().nullable(),
        validFrom: z.string(),
        validUntil: z.string(),
      }),
    ),
    records: z.array(PublicProfileRecord),
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

const PublicSubject = z
  .object({ uscc: z.string(), name: z.string(), kind: z.string(), legalRepresentative: z.string(), previousNames: z.array(z.string()) })
  .openapi('PublicSubject');
const PublicSubjectPage = pageSchema(PublicSubject).openapi('PublicSubjectPage');

const PublishedEntry = z
  .object({
    id: z.string(),
    list: z.string().openapi({ description: 'red or black' }),
    subjectUscc: z.string(),
    subjectName: z.string(),
    legalRepresentative: z.string(),
    reason: z.string(),
    basis: z.string(),
    documentNo: z.string(),
    department: z.string(),
    departmentName: z.string().nullable(),
    validFrom: z.string(),
    validUntil: z.string(),
  })
  .openapi('PublishedListEntry');
const PublishedEntryPage = pageSchema(PublishedEntry).openapi('PublishedListEntryPage');

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
      path: '/api/v1/public/subjects',
      tags,
      summary: 'Find subjects by name, former name or code (no token)',
      request: { query: PublicSearchQuery },
      responses: { 200: { description: 'A page of subjects, as the public sees them', ...json(PublicSubjectPage) }, ...problems(400) },
    }),
    async (c) => c.json(await searchPublicSubjects(c.get('db'), c.req.valid('query')), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/public/list-entries',
      tags,
      summary: 'The published red and black lists: entries in force today, newest first, by keyword and department (no token)',
      request: { query: PublishedEntriesQuery },
      responses: { 200: { description: 'A page of list entries', ...json(PublishedEntryPage) }, ...problems(400) },
    }),
    async (c) => c.json(await publishedEntries(c.get('db'), c.req.valid('query'), c.get('deps').clock.today()), 200),
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/public/subjects/{uscc}',
      tags,
      summary: 'A public credit profile (no token)',
      description: REVALIDATION,
      request: { params: UsccParam, headers: ConditionalHeaders },
      responses: {
        200: { description: 'What the law publishes', headers: ValidatorHeaders, ...json(PublicProfile) },
        304: { description: 'Not modified: the ETag in If-None-Match is still current', headers: ValidatorHeaders },
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const { uscc } = c.req.valid('param');
      const today = c.get('deps').clock.today();
      // Lag-tolerant (a replica may answer); the ETag names the data version that replica served.
      const db = c.get('readDb');
      const known = await revalidated(c, db, 'profile', uscc, today);
      if (known) return known as never;
      const { profile, etag } = await publicProfile(db, uscc, today);
      return keep(c, 'profile', uscc, today, etag, JSON.stringify(profile)) as never;
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/api/v1/public/subjects/{uscc}/status',
      tags,
      summary: 'Was it on a red or black list on a day? Signed.',
      description: REVALIDATION,
      request: {
        params: UsccParam,
        query: z.object({ on: IsoDate.optional().openapi({ description: 'Default: today in Asia/Shanghai' }) }),
        headers: ConditionalHeaders,
      },
      responses: {
        200: { description: 'The status and its signature', headers: ValidatorHeaders, ...json(Status) },
        304: { description: 'Not modified: the status signed for the ETag in If-None-Match still holds', headers: ValidatorHeaders },
        ...problems(400, 404),
      },
    }),
    async (c) => {
      const deps = c.get('deps');
      const { uscc } = c.req.valid('param');
      const on = c.req.valid('query').on ?? deps.clock.today();
      // A signed proof is read from the primary: it must not certify a state a replica has not caught up with.
      const db = c.get('db');
      const known = await revalidated(c, db, 'status', uscc, on, SIGNED_STATUS_REUSE_MS);
      if (known) return known as never;
      const { etag, ...signed } = await listStatus(db, deps.proofSigner, uscc, on, deps.clock.now());
      return keep(c, 'status', uscc, on, etag, JSON.stringify(signed)) as never;
    },
  )

  .openapi(
    route({
      method: 'get',
      path: '/.well-known/jwks.json',
      tags,
      summary: 'Public keys: status proofs and the feed (ES256), pushed webhooks (Ed25519, v1a); retired ones included',
      responses: { 200: { description: 'JWKS', ...json(Jwks) } },
    }),
    (c) => {
      const { proofSigner, sync } = c.get('deps');
      const keys = [...proofSigner.jwks(), ...sync.feedSigner.jwks(), ...sync.deliveryKey.jwks()];
      return c.json({ keys: keys.map(publicJwk) }, 200);
    },
  );
