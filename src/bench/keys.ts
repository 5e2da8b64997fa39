import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import type { Role } from '../core/actor.js';
import { generateDeliveryJwk } from '../signing/delivery-key.js';

/** Throw-away keys for a benchmark's in-process app: tokens it signs itself, a proof key it never keeps. */
export type BenchKeys = {
  publicJwk: JWK;
  proofJwk: JWK;
  feedJwk: JWK;
  deliveryJwk: JWK;
  token(role: Role, claims?: Record<string, string>): Promise<string>;
};

export async function benchKeys(issuer = 'credit-registry', audience = 'credit-registry-api'): Promise<BenchKeys> {
  const tokenPair = await generateKeyPair('ES256', { extractable: true });
  const proofPair = await generateKeyPair('ES256', { extractable: true });
  const publicJwk = { ...(await exportJWK(tokenPair.publicKey)), kid: 'bench-token', alg: 'ES256' };
  const proofJwk = { ...(await exportJWK(proofPair.privateKey)), kid: 'bench-proof', alg: 'ES256' };
  const feedJwk = {
    ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)),
    kid: 'bench-feed',
    alg: 'ES256',
  };
  return {
    publicJwk,
    proofJwk,
    feedJwk,
    deliveryJwk: generateDeliveryJwk('bench-delivery'),
    token: (role, claims = {}) =>
      new SignJWT({ role, ...claims })
        .setProtectedHeader({ alg: 'ES256', kid: 'bench-token' })
        .setIssuer(issuer)
        .setAudience(audience)
        .setSubject(claims.sub ?? `bench:${role}:${claims.uscc ?? claims.dept ?? 'x'}`)
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(tokenPair.privateKey),
  };
}
