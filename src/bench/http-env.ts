import type { Config } from '../config.js';
import type { BenchKeys } from './keys.js';

/**
 * The environment of the service and floor processes: the benchmark's database and pool size, and
 * for the service the throw-away keys (so a token the benchmark signs verifies, and the proofs and feed
 * pages are signed with keys nobody keeps). Nothing else of the shell's reaches them.
 */
export function serviceEnv(config: Config, keys: BenchKeys, where: { databaseUrl?: string; dataDir: string }): Record<string, string> {
  return {
    ...floorEnv(config, where),
    AUTH_ISSUER: config.AUTH_ISSUER,
    AUTH_AUDIENCE: config.AUTH_AUDIENCE,
    AUTH_PUBLIC_JWK: JSON.stringify(keys.publicJwk),
    PROOF_PRIVATE_JWK: JSON.stringify(keys.proofJwk),
    FEED_PRIVATE_JWK: JSON.stringify(keys.feedJwk),
    DELIVERY_PRIVATE_JWK: JSON.stringify(keys.deliveryJwk),
    SEED_DEMO: 'false',
    // `PUBLIC_ANSWER_CACHE_MB=0 npm run bench -- http` measures the public profile built on every request.
    PUBLIC_ANSWER_CACHE_MB: String(config.PUBLIC_ANSWER_CACHE_MB),
  };
}

export function floorEnv(config: Config, where: { databaseUrl?: string; dataDir: string }): Record<string, string> {
  return {
    DB_POOL_MAX: String(config.DB_POOL_MAX),
    DATA_DIR: where.dataDir,
    ...(where.databaseUrl ? { DATABASE_URL: where.databaseUrl } : {}),
  };
}
