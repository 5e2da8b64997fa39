import type { JWK } from 'jose';
import type { Config } from './config.js';
import { type Clock, systemClock } from './core/clock.js';
import { DomainError } from './core/errors.js';
import { consoleJsonLogger, type Logger } from './core/logger.js';
import { createDrawSources } from './features/announcements/index.js';
import { createAnswerCache } from './http/answer-cache.js';
import { createTokenVerifier, type TokenVerifier } from './http/auth.js';
import type { AppDeps, DbProvider, DemoSignIn } from './http/env.js';
import { runJobs } from './jobs/index.js';
import { DEADLINE_RECOUNTS } from './jobs/recounts.js';
import { DEMO_PERSONAS } from './seed/demo-personas.js';
import { createProofSigner } from './signing/signer.js';
import { mintToken, type TokenKey } from './signing/tokens.js';
import { createSyncEnv, type SyncKeys } from './sync/env.js';

/**
 * The one builder of what the app runs on, for Node, the Worker and the tests. Each entry brings only
 * what its platform differs in (how it gets a database, where docs assets and migrations come from,
 * keys it keeps itself); the choices that follow from the configuration are made here once.
 */
export type Platform = {
  config: Config;
  clock?: Clock;
  database: DbProvider;
  replicas?: AppDeps['replicas'];
  /** Node: pino, made once by the service; otherwise JSON lines on the console at LOG_LEVEL. */
  log?: Logger;
  metrics?: AppDeps['metrics'];
  expectedMigrations: AppDeps['expectedMigrations'];
  docsAsset: AppDeps['docsAsset'];
  /** Keys the deployment keeps itself, used when the configuration names none (Node: the data directory). */
  ownKeys?: { tokenPublicJwk?: JWK; tokenSource?: string; proofPrivateJwk?: JWK } & SyncKeys;
  /** The private half of the deployment's own token key, when the demo sign-in is on (embedded demo). */
  demoTokenKey?: TokenKey;
  /** The demo sign-in answers any client, not only one on this machine (DEMO_SIGN_IN=true). */
  demoAnyClient?: boolean;
};

export async function buildDeps(platform: Platform): Promise<AppDeps & { tokenSource: string }> {
  const { config } = platform;
  const clock = platform.clock ?? systemClock;
  const { verify, source } = tokenVerifier(config, platform.ownKeys);
  const proofKey = config.PROOF_PRIVATE_JWK ?? platform.ownKeys?.proofPrivateJwk;
  if (!proofKey) throw new Error('no key to sign status proofs: set PROOF_PRIVATE_JWK');
  const drawSources = createDrawSources(config);
  const sync = await createSyncEnv(config, platform.ownKeys);
  const log = platform.log ?? consoleJsonLogger(config.LOG_LEVEL);
  return {
    config,
    clock,
    log,
    metrics: platform.metrics,
    verifyToken: verify,
    answers: createAnswerCache(config.PUBLIC_ANSWER_CACHE_MB),
    tokenSource: source,
    database: platform.database,
    replicas: platform.replicas,
    expectedMigrations: platform.expectedMigrations,
    docsAsset: platform.docsAsset,
    proofSigner: await createProofSigner(proofKey, config.PROOF_RETIRED_JWKS),
    deadlineRecounts: DEADLINE_RECOUNTS,
    drawSources,
    sync,
    demoSignIn: platform.demoTokenKey ? demoSignIn(config, platform.demoTokenKey, platform.demoAnyClient ?? false) : undefined,
    afterWrite: async (db, requestLog) => {
      await runJobs(db, clock, 'after-write', (job, error) => requestLog.warn({ job, err: error }, 'after-write job failed'), {
        drawSources,
        sync,
        log: requestLog,
      });
    },
  };
}

/** One token per demo persona, short-lived: the console's one-click sign-in on the embedded demo. */
function demoSignIn(config: Config, key: TokenKey, anyClient: boolean): DemoSignIn {
  return {
    personas: DEMO_PERSONAS,
    anyClient,
    mint: async (role) => {
      const persona = DEMO_PERSONAS.find((p) => p.role === role);
      if (!persona) throw new DomainError('NOT_FOUND', `no demo persona for role ${role}`);
      const ttlSeconds = Math.min(8 * 3600, config.AUTH_MAX_TOKEN_LIFETIME_SECONDS);
      return mintToken(key, persona.claims, { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds });
    },
  };
}

/** Tokens are verified against an identity provider's JWKS, a configured key, or the deployment's own key. */
function tokenVerifier(config: Config, own: Platform['ownKeys']): { verify: TokenVerifier; source: string } {
  const base = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, maxLifetimeSeconds: config.AUTH_MAX_TOKEN_LIFETIME_SECONDS };
  if (config.AUTH_JWKS_URL)
    return { verify: createTokenVerifier({ ...base, jwksUrl: config.AUTH_JWKS_URL }), source: config.AUTH_JWKS_URL };
  if (config.AUTH_PUBLIC_JWK)
    return { verify: createTokenVerifier({ ...base, publicJwks: [config.AUTH_PUBLIC_JWK] }), source: 'AUTH_PUBLIC_JWK' };
  if (own?.tokenPublicJwk)
    return { verify: createTokenVerifier({ ...base, publicJwks: [own.tokenPublicJwk] }), source: own.tokenSource ?? 'own key' };
  throw new Error('no key to verify tokens: set AUTH_JWKS_URL or AUTH_PUBLIC_JWK');
}
