import type { MiddlewareHandler } from 'hono';
import { createLocalJWKSet, createRemoteJWKSet, type JWK, type JWTVerifyGetKey, errors as joseErrors, jwtVerify } from 'jose';
import { z } from 'zod';
import { type Actor, ROLES, type Role } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import { assertRole, requireActor } from '../core/policy.js';
import type { AppEnv } from './env.js';

const Claims = z
  .object({
    sub: z.string().min(1),
    role: z.enum(ROLES),
    dept: z.string().length(18).optional(),
    uscc: z.string().length(18).optional(),
  })
  .superRefine((claims, ctx) => {
    if ((claims.role === 'regulator' || claims.role === 'reviewer') && !claims.dept) {
      ctx.addIssue({ code: 'custom', message: `a ${claims.role} token needs a dept claim` });
    }
    if (claims.role === 'subject' && !claims.uscc) ctx.addIssue({ code: 'custom', message: 'a subject token needs a uscc claim' });
  });

export type TokenVerifier = (token: string) => Promise<Actor>;

export type VerifierOptions = { issuer: string; audience: string } & ({ jwksUrl: string } | { publicJwks: JWK[] });

/**
 * Verifies ES256 tokens only: pinning the algorithm is what turns away `alg: none` and an HS256
 * token forged with the public key as its secret.
 */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const keys: JWTVerifyGetKey =
    'jwksUrl' in options ? createRemoteJWKSet(new URL(options.jwksUrl)) : createLocalJWKSet({ keys: options.publicJwks });
  return async (token) => {
    let payload: unknown;
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', describeJoseError(error));
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) throw new DomainError('UNAUTHENTICATED', `token claims: ${claims.error.issues.map((i) => i.message).join('; ')}`);
    return claims.data;
  };
}

function describeJoseError(error: unknown): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with ES256';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) return 'the token was signed by an unknown key';
  return 'the token is malformed';
}

/** Reads the bearer token when there is one; routes decide whether they need it. */
export function authenticate(verify: TokenVerifier): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization');
    if (header !== undefined) {
      const match = /^Bearer ([A-Za-z0-9._~+/=-]+)$/.exec(header.trim());
      if (!match) throw new DomainError('UNAUTHENTICATED', 'the Authorization header must be "Bearer <token>"');
      c.set('actor', await verify(match[1]!));
    }
    await next();
  };
}

/** Route guard: a valid token (401 otherwise) with one of these roles (403 otherwise). */
export function requireRole(...roles: Role[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    assertRole(requireActor({ actor: c.get('actor') }), roles);
    await next();
  };
}

export const ANY_ROLE: Role[] = [...ROLES];
