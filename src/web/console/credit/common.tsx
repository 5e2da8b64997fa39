import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { DomainError, type ErrorCode } from '../../../core/errors.js';
import type { AppEnv } from '../../../http/env.js';
import { type FormErrors, formErrorsOf, validateForm } from '../../forms.js';

/** Helpers the credit console's pages share: filters read with the API's own query schema, refusals in words. */

export const todayOf = (c: Context<AppEnv>) => c.get('deps').clock.today();

/**
 * A list page's filters, read with the API's query schema (an empty field is no filter). A wrong
 * filter is a 400 page naming it, as the API answers.
 */
export function queryOf<S extends z.ZodType>(c: Context<AppEnv>, schema: S): z.infer<S> {
  const given = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v.trim() !== ''));
  const result = validateForm(schema, given);
  if (result.ok) return result.data;
  const named = Object.entries(result.errors).map(([name, message]) => `${name}：${message}`);
  throw new DomainError('VALIDATION', `筛选条件有误：${named.join('；')}`);
}

const REFUSED_AS: Partial<Record<ErrorCode, string>> = {
  VALIDATION: '填写有误',
  CONFLICT: '与现有数据冲突',
  INVALID_TRANSITION: '当前状态不允许此操作',
  PRECONDITION_FAILED: '前提条件尚不满足',
  RULE_VIOLATED: '不符合规则',
  LIMIT_EXCEEDED: '内容过多',
};

/**
 * A verb's refusal as form errors, the message for the whole form led by what kind of refusal it is.
 * Null for what is not a refusal of the form (forbidden, not found, a bug): the page's error handler answers those.
 */
export function refusalOf(error: unknown): FormErrors | null {
  const errors = formErrorsOf(error);
  if (!errors || !(error instanceof DomainError)) return null;
  if (errors._form) errors._form = `${REFUSED_AS[error.code] ?? '未能办理'}：${errors._form}`;
  return errors;
}

/** Errors named by the body's dot paths, as the fields of a form whose names carry a prefix (several forms on one page). */
export function prefixed(prefix: string, errors: FormErrors): FormErrors {
  return Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === '_form' ? k : `${prefix}.${k}`, v]));
}

/** The values of the fields named `<prefix>.<name>`, without the prefix. */
export function unprefixed(prefix: string, values: Record<string, string>): Record<string, string> {
  const start = `${prefix}.`;
  return Object.fromEntries(Object.entries(values).flatMap(([k, v]) => (k.startsWith(start) ? [[k.slice(start.length), v]] : [])));
}

/** Kept for records-routes.tsx until it imports these from ../../text.js itself (numberOf is wholeNumberOf there). */

/** A titled block of the page. */
export function Section({ title, id, children }: { title: string; id: string; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}
