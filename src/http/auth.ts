import type { MiddlewareHandler } from 'hono';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWK,
  type JWTVerifyGetKey,
  errors as joseErrors,
  jwtVerify,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';
import { type Actor, ROLES, type Role } from '../core/actor.js';
import { DomainError } from '../core/errors.js';
import { assertRole, requireActor } from '../core/policy.js';
import { parseUscc } from '../lib/uscc.js';
import type { AppEnv } from './env.js';
import { plainMessage } from './validation-messages.js';

/** A dept or uscc claim is a valid code (a wrong one would otherwise reach the database and its checks). */
const UsccClaim = () =>
  z.string().superRefine((value, ctx) => {
    const parsed = parseUscc(value);
    if (!parsed.ok || parsed.value !== value) {
      ctx.addIssue({ code: 'custom', message: `not a valid USCC (${parsed.ok ? 'it must be upper case' : parsed.message})` });
    }
  });

const Claims = z
  .object({
    sub: z.string().min(1).max(200),
    role: z.enum(ROLES),
    dept: UsccClaim().optional(),
    uscc: UsccClaim().optional(),
  })
  .superRefine((claims, ctx) => {
    if ((claims.role === 'regulator' || claims.role === 'reviewer') && !claims.dept) {
      ctx.addIssue({ code: 'custom', message: `a ${claims.role} token needs a dept claim` });
    }
    if (claims.role === 'subject' && !claims.uscc) ctx.addIssue({ code: 'custom', message: 'a subject token needs a uscc claim' });
  });

export type TokenVerifier = (token: string) => Promise<Actor>;

export type VerifierOptions = {
  issuer: string;
  audience: string;
  /** The longest a token may live from now: an `exp` further ahead is refused (a leaked token must not work for years). */
  maxLifetimeSeconds?: number;
} & ({ jwksUrl: string } | { publicJwks: JWK[] });

/** How far the issuer's clock may run ahead of ours before an `iat` counts as in the future. */
export const CLOCK_SKEW_SECONDS = 60;
export const DEFAULT_MAX_LIFETIME_SECONDS = 24 * 3600;

/**
 * How long a verified token is taken on its word again without checking its signature: the ES256 check
 * costs more CPU than the one query a read makes, and a client sends the same token request after request.
 * A minute at most and never past the token's exp, so a key withdrawn from the JWKS stops working within it.
 */
export const VERIFIED_TOKEN_TTL_MS = 60_000;
const VERIFIED_TOKENS_MAX = 10_000;

/**
 * Verifies ES256 tokens only: pinning the algorithm is what turns away `alg: none` and an HS256
 * token forged with the public key as its secret. Tokens that verified are remembered by their exact
 * text (VERIFIED_TOKEN_TTL_MS); a refused one is never remembered, so a forgery is checked every time.
 */
export function createTokenVerifier(options: VerifierOptions): TokenVerifier {
  const verified = new LRUCache<string, Actor>({ max: VERIFIED_TOKENS_MAX });
  const verify = signatureVerifier(options);
  return async (token) => {
    const known = verified.get(token);
    if (known) return known;
    const { actor, exp } = await verify(token);
    const ttl = Math.min(VERIFIED_TOKEN_TTL_MS, exp * 1000 - Date.now());
    if (ttl > 0) verified.set(token, actor, { ttl });
    return actor;
  };
}

function signatureVerifier(options: VerifierOptions): (token: string) => Promise<{ actor: Actor; exp: number }> {
  const keys: JWTVerifyGetKey =
    'jwksUrl' in options ? createRemoteJWKSet(new URL(options.jwksUrl)) : createLocalJWKSet({ keys: options.publicJwks });
  const maxLifetime = options.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  return async (token) => {
    let payload: { exp?: number; iat?: number };
    try {
      ({ payload } = await jwtVerify(token, keys, {
        algorithms: ['ES256'],
        issuer: options.issuer,
        audience: options.audience,
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      throw new DomainError('UNAUTHENTICATED', describeJoseError(error, token));
    }
    const now = Math.floor(Date.now() / 1000);
    if (payload.iat !== undefined && payload.iat > now + CLOCK_SKEW_SECONDS) {
      throw new DomainError('UNAUTHENTICATED', "the token's iat (issued at) is in the future; check the issuer's clock");
    }
    if (payload.exp! > now + maxLifetime + CLOCK_SKEW_SECONDS) {
      throw new DomainError(
        'UNAUTHENTICATED',
        `the token's exp is more than ${describeSeconds(maxLifetime)} ahead; tokens may live at most ${describeSeconds(maxLifetime)}`,
      );
    }
    const claims = Claims.safeParse(payload);
    if (!claims.success) {
      const problems = claims.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${plainMessage(i, payload)}` : i.message));
      throw new DomainError('UNAUTHENTICATED', `token claims: ${problems.join('; ')}`);
    }
    // Frozen: one verified actor is shared by every request that carries the same token.
    return { actor: Object.freeze(claims.data), exp: payload.exp! };
  };
}

function describeSeconds(seconds: number): string {
  if (seconds % 3600 === 0) return `${seconds / 3600} h`;
  if (seconds % 60 === 0) return `${seconds / 60} min`;
  return `${seconds} s`;
}

function describeJoseError(error: unknown, token: string): string {
  if (error instanceof joseErrors.JWTExpired) return 'the token has expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${error.claim} claim is not accepted`;
  if (error instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is not signed with ES256';
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature does not verify';
  if (error instanceof joseErrors.JWKSNoMatchingKey) {
    // Naming the kid tells a user which key minted the token (e.g. `npm run token` run on another DATA_DIR).
    return `the token was signed by a key this service does not know (kid ${JSON.stringify(kidOf(token))}); get a token signed with the service's key`;
  }
  return 'the token is malformed';
}

function kidOf(token: string): string | null {
  try {
    const kid = decodeProtectedHeader(token).kid;
    return typeof kid === 'string' ? kid.slice(0, 100) : null;
  } catch {
    return null;
  }
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
