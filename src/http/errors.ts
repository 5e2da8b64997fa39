import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

import { DomainError, type ErrorCode } from '../core/errors.js';
import type { AppEnv } from './env.js';

/** How the one error vocabulary (core/errors.ts) leaves over HTTP: status, title, problem+json (RFC 9457). */
const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  INVALID_TRANSITION: 409,
  PRECONDITION_FAILED: 409,
  LIMIT_EXCEEDED: 413,
  RULE_VIOLATED: 422,
  UNAVAILABLE: 503,
};

const TITLES: Record<ErrorCode, string> = {
  VALIDATION: 'Invalid request',
  UNAUTHENTICATED: 'Authentication required',
  FORBIDDEN: 'Not allowed',
  NOT_FOUND: 'Not found',
  CONFLICT: 'Conflict',
  INVALID_TRANSITION: 'Not allowed in the current state',
  PRECONDITION_FAILED: 'Precondition failed',
  LIMIT_EXCEEDED: 'Too large',
  RULE_VIOLATED: 'Against a rule',
  UNAVAILABLE: 'Service unavailable',
};

/** The HTTP status of an error code (pages answer with it too). */
export const statusOf = (code: ErrorCode): ContentfulStatusCode => STATUS[code];

export function problemResponse(
  c: Context,
  status: ContentfulStatusCode,
  title: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Response {
  const code = typeof extra.code === 'string' ? extra.code : undefined;
  const body = {
    type: `about:blank#${(code ?? title).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
    title,
    status,
    detail,
    requestId: c.get('requestId') as string | undefined,
    ...extra,
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': 'application/problem+json' });
}

/**
 * An error body lists at most this many problems, and says how many more there were: a request with
 * 100,000 bad items must not get a 15 MB answer, and a person reads the first few anyway.
 */
export const MAX_LISTED_ERRORS = 30;

export function domainProblem(c: Context, error: DomainError): Response {
  const { errors, ...extra } = error.extra as { errors?: unknown };
  const listed =
    Array.isArray(errors) && errors.length > MAX_LISTED_ERRORS
      ? { errors: errors.slice(0, MAX_LISTED_ERRORS), omittedErrors: errors.length - MAX_LISTED_ERRORS }
      : errors === undefined
        ? {}
        : { errors };
  return problemResponse(c, STATUS[error.code], TITLES[error.code], error.message, { code: error.code, ...extra, ...listed });
}

/** The app's onError: known errors keep their meaning, anything else is a generic 500 (logged). */
export function handleError(error: Error, c: Context): Response {
  if (error instanceof DomainError) return domainProblem(c, error);
  if (error instanceof HTTPException) {
    const status = error.status as ContentfulStatusCode;
    if (status === 415) {
      return problemResponse(c, 415, 'Unsupported media type', 'the request body must be JSON, sent with Content-Type: application/json', {
        code: 'UNSUPPORTED_MEDIA_TYPE',
      });
    }
    const detail = status === 400 && /json/i.test(error.message) ? 'The request body is not valid JSON' : error.message;
    return problemResponse(c, status, status === 401 ? TITLES.UNAUTHENTICATED : 'Bad request', detail);
  }
  const mapped = fromDatabaseError(error);
  if (mapped) return domainProblem(c, mapped);
  ((c as Context<AppEnv>).get('log') ?? (c as Context<AppEnv>).get('deps')?.log ?? console).error({ err: error }, 'unexpected error');
  return problemResponse(c, 500, 'Internal error', 'An unexpected error occurred; quote the request id when reporting it');
}

/**
 * Constraint violations that slipped past the verbs' own checks (a race on a unique key, a value the
 * input schema let through but a CHECK refuses): each is the caller's problem, never a 500. The
 * constraint's name is given (it says which rule), never the row.
 */
export function fromDatabaseError(error: Error): DomainError | null {
  const { code, constraint, column } = error as { code?: string; constraint?: string; column?: string };
  const which = constraint ? ` (${constraint})` : column ? ` (${column})` : '';
  switch (code) {
    case '23505':
      return new DomainError('CONFLICT', 'A record with the same unique key already exists');
    case '23514':
      return new DomainError('VALIDATION', `A value in the request is not allowed by the registry's rules${which}`);
    case '23502':
      return new DomainError('VALIDATION', `A value the registry needs is missing${which}`);
    case '23503':
      return new DomainError('CONFLICT', `The request refers to something that does not exist, or that others still refer to${which}`);
    case '23P01':
      return new DomainError('CONFLICT', `The request overlaps with an existing record${which}`);
    case '40001':
    case '40P01':
      return new DomainError('CONFLICT', 'Concurrent change; retry the request');
  }
  // Any other integrity violation (class 23) is a conflict with what is stored.
  if (code?.startsWith('23')) return new DomainError('CONFLICT', `The request conflicts with what is stored${which}`);
  // Class 22 (data exception): a value the database cannot hold, e.g. a date or number out of range.
  if (code?.startsWith('22')) return new DomainError('VALIDATION', 'A value in the request is out of the range the registry can store');
  return null;
}
