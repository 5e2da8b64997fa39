import { importJWK, type JWK, SignJWT } from 'jose';
import type { Role } from '../core/actor.js';

export type TokenClaims = { sub: string; role: Role; dept?: string; uscc?: string };
export type TokenKey = { kid: string; privateJwk: JWK };

/** Mints an ES256 token with the deployment's own token key (`npm run token`, the demo sign-in). */
export async function mintToken(
  key: TokenKey,
  claims: TokenClaims,
  options: { issuer: string; audience: string; ttlSeconds: number },
): Promise<string> {
  const { sub, ...rest } = claims;
  const body: Record<string, string> = { role: rest.role };
  if (rest.dept) body.dept = rest.dept;
  if (rest.uscc) body.uscc = rest.uscc;
  return new SignJWT(body)
    .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
    .setIssuer(options.issuer)
    .setAudience(options.audience)
    .setSubject(sub)
    .setIssuedAt()
    .setExpirationTime(`${options.ttlSeconds}s`)
    .sign(await importJWK(key.privateJwk, 'ES256'));
}
