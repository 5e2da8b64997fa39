import type { Config } from '../config.js';
import { createTokenVerifier, type TokenVerifier } from '../http/auth.js';
import { loadOrCreateKey } from './keys.js';

/** Token verification keys: an identity provider's JWKS, a configured key, or the data directory's own. */
export async function nodeTokenVerifier(config: Config): Promise<{ verify: TokenVerifier; source: string }> {
  const base = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  if (config.AUTH_JWKS_URL) return { verify: createTokenVerifier({ ...base, jwksUrl: config.AUTH_JWKS_URL }), source: config.AUTH_JWKS_URL };
  if (config.AUTH_PUBLIC_JWK) return { verify: createTokenVerifier({ ...base, publicJwks: [config.AUTH_PUBLIC_JWK] }), source: 'AUTH_PUBLIC_JWK' };
  const key = await loadOrCreateKey(config.DATA_DIR, 'token');
  return { verify: createTokenVerifier({ ...base, publicJwks: [key.publicJwk] }), source: `${config.DATA_DIR}/keys/token.json` };
}
