import { z } from '@hono/zod-openapi';
import { parseUscc } from '../lib/uscc.js';

/** Shared pieces of the contract. */

/** A USCC: trimmed, upper-cased, then checked; the message names the failing position and rule. */
export const Uscc = z
  .string()
  .trim()
  .toUpperCase()
  .superRefine((value, ctx) => {
    const result = parseUscc(value);
    if (!result.ok) ctx.addIssue({ code: 'custom', message: result.message, params: { position: result.position, rule: result.rule } });
  })
  .openapi({ description: '统一社会信用代码 (GB 32100-2015), both check characters validated', example: '91350100M000100Y43' });

/**
 * Characters refused at input in names and free text: control characters (C0, DEL, C1) and the
 * bidirectional formatting characters (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069), which can make
 * a stored name display as something else on a public page. A name is one line; free text may keep
 * line breaks and tabs. Use `.refine(...plainLine)` on a name, `.refine(...plainText)` on free text.
 */
const REFUSED = /[\p{Cc}\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;

export const plainLine = [
  (value: string) => !REFUSED.test(value),
  'must not contain control characters, line breaks or bidirectional overrides',
] as const;
export const plainText = [
  (value: string) => !REFUSED.test(value.replace(/[\t\n\r]/g, '')),
  'must not contain control characters or bidirectional overrides',
] as const;

/** One line of text a person types (a name, a document number): trimmed, not empty, at most `max` characters, nothing hidden. */
export const line = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...plainLine);

/** Free text (facts, reasons, grounds): trimmed, not empty, at most `max` characters; line breaks allowed. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine(...plainText);

/** A piece of evidence: its file name and the SHA-256 of its content (the file itself is kept elsewhere). */
export const Evidence = z.object({ name: line(200), sha256: z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex characters') }).strict();

/** A path parameter {uscc}. */
export const UsccParam = z.object({ uscc: Uscc.openapi({ param: { name: 'uscc', in: 'path' } }) });

export const IsoDate = z
  .string()
  .regex(/^(19|20|21)\d{2}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD between 1900 and 2199')
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, 'not a calendar date')
  .openapi({ example: '2026-06-01' });

export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    requestId: z.string().optional(),
    code: z.string().optional(),
    errors: z
      .array(z.object({ path: z.string(), in: z.string().optional(), message: z.string() }))
      .optional()
      .openapi({ description: 'The problems found, at most 30' }),
    omittedErrors: z.number().int().optional().openapi({ description: 'How many more problems there were than errors lists' }),
  })
  .openapi('Problem');

const problemContent = { 'application/problem+json': { schema: Problem } };

/** The error answers every authenticated route may give, for the OpenAPI document. */
export function problems(...statuses: (400 | 401 | 403 | 404 | 409 | 413 | 422)[]) {
  const text: Record<number, string> = {
    400: 'Invalid input (fields and reasons in errors)',
    401: 'No valid token',
    403: 'Not allowed',
    404: 'No such object',
    409: 'Conflict with the current state',
    413: 'Too large',
    422: 'Against a rule',
  };
  return Object.fromEntries(statuses.map((s) => [s, { description: text[s]!, content: problemContent }]));
}

export const bearer = [{ bearer: [] }];

/** A JSON body or response for the OpenAPI route definitions. */
export const json = <T>(schema: T) => ({ content: { 'application/json': { schema } } });

/** A public record line of a profile (disclosure/credit.ts profileRecord): the subject's and the agency's alike. */
export const PublicProfileRecord = z
  .object({
    id: z.string(),
    kind: z.string(),
    category: z.string(),
    categoryName: z.string(),
    severity: z.string().nullable(),
    facts: z.string(),
    basis: z.string(),
    documentNo: z.string(),
    decidedOn: z.string(),
    department: z.string(),
    departmentName: z.string().nullable(),
    shownUntil: z.string(),
    penalties: z.array(z.object({ type: z.string(), content: z.string().optional(), termMonths: z.number().int().optional() })),
  })
  .openapi('PublicProfileRecord');
