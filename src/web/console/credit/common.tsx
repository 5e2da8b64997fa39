import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { z } from 'zod';
import { DomainError, type ErrorCode } from '../../../core/errors.js';
import type { AppEnv } from '../../../http/env.js';
import { Badge, DaysLeft, Empty, Pager, Table } from '../../components.js';
import { Field, type FormErrors, type FormValues, formErrorsOf, formStatus, readForm, validateForm } from '../../forms.js';

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

/** A titled block of the page. */
export function Section({ title, id, children }: { title: string; id: string; children: Child }) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {children}
    </section>
  );
}

/** A select's options from a table of names (code → words), after an optional first choice such as “全部”. */
export function optionsOf(names: Record<string, string>, first?: [string, string]): [string, string][] {
  return [...(first ? [first] : []), ...Object.entries(names)];
}

/** A list page's filter form: its fields, then the submit button. */
export function FilterForm({ action, children }: { action: string; children: Child }) {
  return (
    <form class="search" method="get" action={action}>
      {children}
      <button type="submit">筛选</button>
    </form>
  );
}

/** A filter field of a list page (never in error: a wrong filter is a 400 page). */
export function Filter(props: { name: string; label: string; filter: FormValues; options?: [string, string][] }) {
  return <Field name={props.name} label={props.label} values={props.filter} errors={{}} options={props.options} />;
}

/** The queues' overdue filter. */
export const OVERDUE_OPTIONS: [string, string][] = [
  ['', '不限'],
  ['true', '已逾期'],
  ['false', '未逾期'],
];

/** A page of a list: the table with its column heads, or the words for none, then the pager. */
export function Listing(props: { head: string[]; count: number; empty: string; url: string; nextCursor: string | null; children: Child }) {
  return (
    <>
      {props.count ? (
        <Table>
          <thead>
            <tr>
              {props.head.map((h) => (
                <th>{h}</th>
              ))}
            </tr>
          </thead>
          <tbody>{props.children}</tbody>
        </Table>
      ) : (
        <Empty>{props.empty}</Empty>
      )}
      <Pager url={props.url} nextCursor={props.nextCursor} />
    </>
  );
}

/** A case's state in words, marked when overdue. */
export function StateOverdue({ name, overdue }: { name: string; overdue: boolean }) {
  return (
    <>
      {name} {overdue ? <Badge tone="red">已逾期</Badge> : null}
    </>
  );
}

/** The deadline running now on a case, and which one it is. */
export function Running({ dueOn, today, label }: { dueOn: string | null; today: string; label: string }) {
  if (!dueOn) return <span class="muted">—</span>;
  return (
    <>
      <DaysLeft dueOn={dueOn} today={today} />
      <div class="muted small">{label}</div>
    </>
  );
}

/** A row of a queue of cases (objections, repairs): linked id, target, subject, filed on, state, the deadline running. */
export function QueueRow(props: {
  href: string;
  id: string;
  target: Child;
  subjectUscc: string;
  on: string;
  state: string;
  overdue: boolean;
  running: Child;
}) {
  return (
    <tr class={props.overdue ? 'overdue' : undefined}>
      <td>
        <a href={props.href}>{props.id}</a>
      </td>
      <td>{props.target}</td>
      <td>{props.subjectUscc}</td>
      <td>{props.on}</td>
      <td>
        <StateOverdue name={props.state} overdue={props.overdue} />
      </td>
      <td>{props.running}</td>
    </tr>
  );
}

/** The form a case's page re-renders with: which of its forms, the typed values, the errors. */
export type ActiveForm = { form: string; values: FormValues; errors: FormErrors };

/** A step's form read into the API's body: the verb to call, or the errors by the body's dot paths. */
export type Prepared = { ok: true; call: (id: string) => Promise<unknown> } | { ok: false; errors: FormErrors };

/**
 * A step on a case whose page carries several forms, fields named `<form>.<field>`: the case is the
 * actor's to see (before the form is judged; the verb checks the department again), then the form,
 * then the verb, then back to the case's page; a wrong form or a refusal re-renders the page with it.
 */
export async function caseStep(
  c: Context<AppEnv>,
  form: string,
  page: {
    load: (id: string) => Promise<unknown>;
    render: (id: string, active: ActiveForm, status: 400 | 409 | 422) => Promise<Response>;
    href: (id: string) => string;
  },
  prepare: (values: FormValues) => Prepared,
) {
  const id = c.req.param('id')!;
  await page.load(id);
  const values = await readForm(c);
  const prepared = prepare(unprefixed(form, values));
  if (!prepared.ok) return page.render(id, { form, values, errors: prefixed(form, prepared.errors) }, 400);
  try {
    await prepared.call(id);
  } catch (error) {
    const refused = refusalOf(error);
    if (!refused) throw error;
    return page.render(id, { form, values, errors: prefixed(form, refused) }, formStatus(error));
  }
  return c.redirect(page.href(id), 303);
}
