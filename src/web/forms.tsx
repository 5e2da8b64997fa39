import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { DomainError } from '../core/errors.js';
import { FORM_KEY_FIELD } from '../http/idempotency.js';

/** What a form says is wrong: a message per field name (dot path of the body), `_form` for the whole. */
export type FormErrors = Record<string, string>;
export type FormValues = Record<string, string>;

/** The submitted fields as strings (a repeated name keeps its last value; files are not taken here). */
export async function readForm(c: Context): Promise<FormValues> {
  const body = await c.req.parseBody();
  const values: FormValues = {};
  for (const [name, value] of Object.entries(body)) if (typeof value === 'string') values[name] = value.trim();
  return values;
}

/**
 * The hidden key of a form that writes: drawn with the form, so submitting the same form twice (a
 * double click, a reload) writes once and the repeat follows the first answer's redirect.
 */
export const FormKey = () => <input type="hidden" name={FORM_KEY_FIELD} value={crypto.randomUUID()} />;

/** An optional text field: empty means absent. */
export const optional = (value: string | undefined) => (value === undefined || value === '' ? undefined : value);

type Issue = z.core.$ZodIssue;

/** A zod issue in words a clerk reads (the API's English detail is kept for custom rules). */
export function issueInChinese(issue: Issue, input: unknown): string {
  const given = issue.path.reduce<unknown>(
    (at, key) => (at && typeof at === 'object' ? (at as Record<PropertyKey, unknown>)[key] : undefined),
    input,
  );
  switch (issue.code) {
    case 'invalid_type':
      return given === undefined || given === '' ? '必填' : '格式不正确';
    case 'too_small':
      if (issue.origin === 'string') return given === '' ? '必填' : `至少 ${issue.minimum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `至少 ${issue.minimum} 项`;
      return `不能小于 ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'string') return `最多 ${issue.maximum} 个字符`;
      if (issue.origin === 'array' || issue.origin === 'set') return `最多 ${issue.maximum} 项`;
      return `不能大于 ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'regex' ? `格式不正确（${issue.message}）` : '格式不正确';
    case 'invalid_value':
      return '请从给出的选项中选择';
    case 'unrecognized_keys':
      return `不认识的字段：${issue.keys.join('、')}`;
    default:
      return issue.message;
  }
}

/** Validates a body built from a form with the API's own zod schema (the contract), naming each wrong field. */
export function validateForm<S extends z.ZodType>(
  schema: S,
  body: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; errors: FormErrors } {
  const parsed = schema.safeParse(body);
  if (parsed.success) return { ok: true, data: parsed.data };
  const errors: FormErrors = {};
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form';
    errors[key] ??= issueInChinese(issue, body);
  }
  return { ok: false, errors };
}

/**
 * A verb's refusal as form errors: its field errors by path, anything else as a message for the whole
 * form. Null when the error is not a refusal (a bug), which the page's error handler then answers.
 */
export function formErrorsOf(error: unknown): FormErrors | null {
  if (!(error instanceof DomainError)) return null;
  if (error.code === 'UNAUTHENTICATED' || error.code === 'FORBIDDEN' || error.code === 'NOT_FOUND') return null;
  const errors: FormErrors = {};
  for (const e of error.extra.errors ?? []) errors[e.path.replace(/^body\./, '')] ??= e.message;
  if (Object.keys(errors).length === 0) errors._form = error.message;
  return errors;
}

/** The HTTP status of a form answered again with errors. */
export function formStatus(error: unknown): 400 | 409 | 422 {
  if (error instanceof DomainError) {
    if (error.code === 'CONFLICT' || error.code === 'INVALID_TRANSITION' || error.code === 'PRECONDITION_FAILED') return 409;
    if (error.code === 'RULE_VIOLATED') return 422;
  }
  return 400;
}

const fieldId = (name: string) => `f-${name.replace(/[^A-Za-z0-9_-]/g, '-')}`;

/** The list at the top of a refused form: what is wrong, each linked to its field. */
export function ErrorSummary({ errors, labels }: { errors: FormErrors; labels: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="notice error" role="alert" tabindex={-1} id="error-summary">
      <strong>请修改以下内容后再提交：</strong>
      <ul>
        {entries.map(([name, message]) =>
          name === '_form' ? (
            <li>{message}</li>
          ) : (
            <li>
              <a href={`#${fieldId(name)}`}>{labels[name] ?? name}</a>：{message}
            </li>
          ),
        )}
      </ul>
    </div>
  );
}

type FieldProps = {
  name: string;
  label: string;
  values: FormValues;
  errors: FormErrors;
  type?: 'text' | 'date' | 'number' | 'search' | 'datetime-local' | 'tel';
  hint?: string;
  required?: boolean;
  placeholder?: string;
  /** A textarea instead of an input. */
  multiline?: boolean;
  /** A select with these [value, label] options instead of an input. */
  options?: [string, string][];
  inputmode?: 'numeric' | 'decimal' | 'text';
};

/** A labelled field that keeps what was typed and says what is wrong with it. */
export function Field(props: FieldProps) {
  const { name, label, values, errors, hint, required } = props;
  const id = fieldId(name);
  const error = errors[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  const common = { id, name, required, 'aria-invalid': error ? 'true' : undefined, 'aria-describedby': described };
  const value = values[name] ?? '';
  let control: Child;
  if (props.options) {
    control = (
      <select {...common}>
        {props.options.map(([v, text]) => (
          <option value={v} selected={v === value}>
            {text}
          </option>
        ))}
      </select>
    );
  } else if (props.multiline) {
    control = (
      <textarea {...common} placeholder={props.placeholder}>
        {value}
      </textarea>
    );
  } else {
    control = <input {...common} type={props.type ?? 'text'} value={value} placeholder={props.placeholder} inputmode={props.inputmode} />;
  }
  return (
    <div class={error ? 'field invalid' : 'field'}>
      <label for={id}>
        {label}
        {required ? <span aria-hidden="true"> *</span> : null}
      </label>
      {hint ? (
        <span class="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <span class="error" id={`${id}-error`}>
          {error}
        </span>
      ) : null}
      {control}
    </div>
  );
}
