/**
 * One error vocabulary for every layer. Verbs, jobs and pages throw DomainError with a code; only the
 * HTTP layer (http/errors.ts) turns a code into a status and a problem+json body.
 */
export type ErrorCode =
  | 'VALIDATION'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'INVALID_TRANSITION'
  | 'PRECONDITION_FAILED'
  | 'LIMIT_EXCEEDED'
  | 'RULE_VIOLATED'
  | 'UNAVAILABLE';

export type FieldError = { path: string; message: string; in?: string };

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; [key: string]: unknown } = {},
  ) {
    super(message);
  }
}

export const fail = {
  validation: (path: string, message: string) => new DomainError('VALIDATION', `${path}: ${message}`, { errors: [{ path, message }] }),
  notFound: (what: string) => new DomainError('NOT_FOUND', `${what} not found`),
  forbidden: (why: string) => new DomainError('FORBIDDEN', why),
  conflict: (why: string, extra?: Record<string, unknown>) => new DomainError('CONFLICT', why, extra),
  rule: (why: string, extra?: Record<string, unknown>) => new DomainError('RULE_VIOLATED', why, extra),
  transition: (why: string, state: string) => new DomainError('INVALID_TRANSITION', why, { state }),
  unauthenticated: (why: string) => new DomainError('UNAUTHENTICATED', why),
};
