import { readFileSync } from 'node:fs';
import { type CryptoKey, exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/core/actor.js';
import { type Clock, fixedClock } from '../../src/core/clock.js';
import { createPgDb } from '../../src/db/pg.js';
import { openPglite } from '../../src/db/pglite.js';
import { readSchemaFiles } from '../../src/db/schema-files.js';
import type { Db } from '../../src/db/types.js';
import { buildDeps } from '../../src/deps.js';
import type { AppDeps } from '../../src/http/env.js';
import { manifestOf } from '../../src/runtime/database.js';
import { nodeDocsAsset } from '../../src/runtime/server.js';
import { generateDeliveryJwk } from '../../src/signing/delivery-key.js';
import { contractChecker } from './contract.js';
import { adminPool, databaseUrl, dropDatabase } from './pg-admin.js';

export const ISSUER = 'credit-registry';
export const AUDIENCE = 'credit-registry-api';
export const onPostgres = process.env.TEST_DB === 'postgres';

/** Read once per worker (files share a worker: vitest.config.ts); PGlite copies it, never changes it. */
let pgliteTemplate: Blob | undefined;

/** A database of this test file's own, copied from the run's migrated template. */
export async function openTestDatabase(): Promise<{ db: Db; url: string | null; close(): Promise<void> }> {
  if (onPostgres) {
    const base = process.env.TEST_DATABASE_URL!;
    const name = `registry_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
    const admin = adminPool(base);
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject('pgTemplate')}`);
    const url = databaseUrl(base, name);
    // As the service runs: each statement prepared per connection (db/prepared-statements.ts).
    const db = createPgDb(url, 60, { preparedStatements: true });
    return {
      db,
      url,
      close: async () => {
        await db.destroy();
        await dropDatabase(admin, name);
        await admin.end();
      },
    };
  }
  pgliteTemplate ??= new Blob([readFileSync(inject('pgliteTemplate'))]);
  const { db } = await openPglite({ loadDataDir: pgliteTemplate });
  return { db, url: null, close: () => db.destroy() };
}

export type Claims = { dept?: string; uscc?: string; sub?: string };

export class TokenFactory {
  private constructor(
    private readonly privateKey: CryptoKey,
    readonly publicJwk: JWK,
    readonly kid: string,
  ) {}

  static async create(kid = 'test-key') {
    const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
    return new TokenFactory(privateKey, { ...(await exportJWK(publicKey)), kid, alg: 'ES256' }, kid);
  }

  sign(role: Role, claims: Claims = {}, options: { exp?: string | number; iss?: string; aud?: string } = {}) {
    const { sub, ...rest } = claims;
    return new SignJWT({ role, ...rest })
      .setProtectedHeader({ alg: 'ES256', kid: this.kid })
      .setIssuer(options.iss ?? ISSUER)
      .setAudience(options.aud ?? AUDIENCE)
      .setSubject(sub ?? `${role}:${claims.dept ?? claims.uscc ?? 'test'}`)
      .setIssuedAt()
      .setExpirationTime(options.exp ?? '1h')
      .sign(this.privateKey);
  }
}

export type TestResponse<T = any> = { status: number; headers: Headers; body: T; text: string };

export type Harness = Awaited<ReturnType<typeof createHarness>>;

/** One Ed25519 delivery key for the whole test run (generating one is cheap, but a fixed kid reads better). */
const deliveryJwk = generateDeliveryJwk('delivery-test');

/** The app over a fresh test database, with a token factory and an HTTP helper. */
export async function createHarness(options: { clock?: Clock; deps?: Partial<AppDeps>; env?: Record<string, string> } = {}) {
  const database = await openTestDatabase();
  const tokens = await TokenFactory.create();
  const clock = options.clock ?? fixedClock('2026-11-20T02:00:00Z');
  const manifest = await manifestOf(readSchemaFiles());
  const proofKey = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'proof-test' };
  const feedKey = { ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'feed-test' };
  const built = await buildDeps({
    // Tests play the platform on loopback, so watches may target it unless a test says otherwise.
    config: loadConfig({ SYNC_ALLOW_PRIVATE_TARGETS: 'true', ...options.env }),
    clock,
    database: { acquire: async () => ({ db: database.db, release: async () => {} }) },
    expectedMigrations: async () => manifest,
    docsAsset: nodeDocsAsset,
    ownKeys: { tokenPublicJwk: tokens.publicJwk, proofPrivateJwk: proofKey, feedPrivateJwk: feedKey, deliveryPrivateJwk: deliveryJwk },
  });
  const deps: AppDeps = { ...built, ...options.deps };
  const app = buildApp(deps);
  const checkContract = contractChecker(app);

  async function request<T = any>(
    method: string,
    path: string,
    init: {
      token?: string;
      body?: unknown;
      rawBody?: string;
      headers?: Record<string, string>;
      /** Skips the response-contract check (a test that deliberately provokes an odd answer). */
      skipContractCheck?: boolean;
    } = {},
  ): Promise<TestResponse<T>> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.token) headers.Authorization = `Bearer ${init.token}`;
    let body: string | undefined = init.rawBody;
    if (init.body !== undefined) {
      body = JSON.stringify(init.body);
      headers['Content-Type'] = 'application/json';
    }
    if (init.rawBody !== undefined) headers['Content-Type'] ??= 'application/json';
    const res = await app.request(path, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    const response = { status: res.status, headers: res.headers, body: parsed as T, text };
    if (!init.skipContractCheck) await checkContract(method, path, response);
    return response;
  }

  return { app, deps, db: database.db, url: database.url, tokens, clock, request, close: database.close };
}

/** Describes a response in assertion messages, so a failure explains itself. */
export const show = (res: TestResponse) => `${res.status} ${res.text.slice(0, 600)}`;
