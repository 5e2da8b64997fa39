import type { z } from '@hono/zod-openapi';

/**
 * Validation problems in words a person can act on. zod's own messages ("Invalid input: expected
 * string, received undefined") describe the validator, not the request; these name what is wrong
 * with the field ("required", "must be one of a, b", "at most 200 characters"). A message written
 * into a schema (a refinement, a regex with its own text) is kept as it is.
 */
type Issue = z.core.$ZodIssue;

export type Place = 'body' | 'query' | 'path' | 'header' | 'cookie';
export type FieldProblem = { path: string; in: Place; message: string };

const NOUNS: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  bigint: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  date: 'a date',
  null: 'null',
};

const UNKNOWN_FIELDS = 'not a field of this request:';

/** zod's default texts begin like this; anything else was written by a schema's author. */
const ZOD_DEFAULT = /^(Invalid|Too (big|small)|Unrecognized key)/;

export function plainMessage(issue: Issue, input: unknown): string {
  switch (issue.code) {
    case 'invalid_type': {
      const given = valueAt(input, issue.path);
      if (given === undefined) return 'required';
      if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
      return `must be ${NOUNS[issue.expected] ?? issue.expected}${given === null ? ', not null' : ''}`;
    }
    case 'invalid_value':
      return issue.values.length === 1 ? `must be ${show(issue.values[0])}` : `must be one of ${issue.values.map(show).join(', ')}`;
    case 'too_big':
      return bound('at most', 'less than', issue.origin, issue.maximum, issue.inclusive !== false);
    case 'too_small':
      if (Number(issue.minimum) === 1 && (issue.origin === 'string' || issue.origin === 'array') && issue.inclusive !== false)
        return 'must not be empty';
      return bound('at least', 'more than', issue.origin, issue.minimum, issue.inclusive !== false);
    case 'invalid_format':
      if (!ZOD_DEFAULT.test(issue.message)) return issue.message;
      return issue.format === 'regex' ? `does not have the expected form ${issue.pattern ?? ''}`.trim() : `must be a valid ${issue.format}`;
    case 'not_multiple_of':
      return `must be a multiple of ${String(issue.divisor)}`;
    case 'unrecognized_keys':
      return `${UNKNOWN_FIELDS} ${issue.keys.join(', ')}`;
    case 'invalid_union': {
      const options = (issue as { options?: unknown[] }).options;
      if (options?.length) return `must be one of ${options.map(show).join(', ')}`;
      return ZOD_DEFAULT.test(issue.message) ? 'does not match any of the accepted forms' : issue.message;
    }
    default:
      return issue.message;
  }
}

function bound(inclusiveWord: string, exclusiveWord: string, origin: string, limit: unknown, inclusive: boolean): string {
  const word = inclusive ? inclusiveWord : exclusiveWord;
  const n = typeof limit === 'bigint' || typeof limit === 'number' ? Number(limit).toLocaleString('en-US') : String(limit);
  if (origin === 'string') return `${word} ${n} characters`;
  if (origin === 'array' || origin === 'set') return `${word} ${n} items`;
  if (origin === 'file') return `${word} ${n} bytes`;
  return `${word} ${n}`;
}

const show = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

function valueAt(input: unknown, path: PropertyKey[]): unknown {
  let at = input;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<PropertyKey, unknown>)[key];
  }
  return at;
}

/** A header's name as people write it: idempotency-key → Idempotency-Key. */
const headerName = (name: string) => name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());

/** The path of an issue as the caller knows the field (headers by their usual spelling). */
export function fieldPath(issue: Issue, place: Place): string {
  if (issue.path.length === 0) return issue.code === 'unrecognized_keys' ? issue.keys.join(',') : '(root)';
  const path = issue.path.map(String).join('.');
  return place === 'header' ? headerName(path) : path;
}

/** One problem as a sentence: "the Idempotency-Key header is required", "name: at most 200 characters". */
export function sentence(problem: FieldProblem): string {
  if (problem.message.startsWith(UNKNOWN_FIELDS)) return problem.message;
  const label =
    problem.in === 'header'
      ? `the ${problem.path} header`
      : problem.in === 'query'
        ? `the query parameter ${problem.path}`
        : problem.in === 'path'
          ? `the path parameter ${problem.path}`
          : problem.path === '(root)'
            ? 'the request body'
            : problem.path;
  return problem.message === 'required' ? `${label} is required` : `${label}: ${problem.message}`;
}
