import { type Context, Hono } from 'hono';
import { DomainError } from '../../../core/errors.js';
import { isRecordInEffect } from '../../../features/credit-rules/index.js';
import {
  ACTIONS,
  type Action,
  allowedEntryActions,
  EntryListQuery,
  getEntry,
  listEntries,
  MAX_VALIDITY_YEARS,
  ProposeBody,
  proposeEntry,
  TransitionBody,
  transition,
} from '../../../features/lists/index.js';
import { getRecord, listRecords, RecordListQuery } from '../../../features/records/index.js';
import type { AppEnv } from '../../../http/env.js';
import { ctxOf } from '../../../http/router.js';
import { addYears, minDate } from '../../../lib/dates.js';
import { type FormErrors, type FormValues, formStatus, optional, readForm, validateForm } from '../../forms.js';
import { requirePageRole } from '../../session.js';
import { prefixed, queryOf, refusalOf, todayOf, unprefixed } from './common.js';
import { EntryList, EntryPage, ProposeForm } from './entry-views.js';

/**
 * Red, black and watch list entries in the console: the work list, proposing one (from a record), and
 * one entry with its history and only the actions its state and the actor's role allow, each a form
 * posted to /console/entries/<id>/<action> that calls the same transition verb as the API.
 */
const ENTRY_ID = ':id{lst_[0-9A-Z]{26}}';
const PARTIES = ['regulator', 'reviewer', 'admin', 'subject'] as const;

async function renderEntry(
  c: Context<AppEnv>,
  id: string,
  active?: { action: string; values: FormValues; errors: FormErrors },
  status: 200 | 400 | 409 | 422 = 200,
) {
  const actor = ctxOf(c).actor;
  const today = todayOf(c);
  const entry = await getEntry(c.get('db'), actor, id, today);
  return c.html(
    <EntryPage actor={actor} entry={entry} today={today} actions={allowedEntryActions(entry, actor, today)} active={active} />,
    status,
  );
}

/** The department's records of a subject in effect today, which an entry may rest on (null: no subject chosen yet). */
async function recordsToRestOn(c: Context<AppEnv>, subject: string | undefined) {
  if (!subject) return null;
  const filter = RecordListQuery.safeParse({ subject, kind: 'dishonesty', limit: 200 });
  if (!filter.success) return null;
  const today = todayOf(c);
  const page = await listRecords(c.get('db'), ctxOf(c).actor, filter.data);
  return page.items.filter((r) => isRecordInEffect(r, today));
}

async function renderPropose(c: Context<AppEnv>, values: FormValues, errors: FormErrors, status: 200 | 400 | 409 | 422 = 200) {
  const today = todayOf(c);
  const chosen = new Set(Object.entries(values).flatMap(([k, v]) => (/^recordIds\.\d+$/.test(k) ? [v] : [])));
  return c.html(
    <ProposeForm
      actor={c.get('actor')!}
      values={values}
      errors={errors}
      records={await recordsToRestOn(c, values.subjectUscc)}
      chosen={chosen}
      maxValidUntil={addYears(today, MAX_VALIDITY_YEARS)}
    />,
    status,
  );
}

export const entryPages = new Hono<AppEnv>()
  .get('/console/entries', requirePageRole(...PARTIES), async (c) => {
    const filter = queryOf(c, EntryListQuery);
    const today = todayOf(c);
    const page = await listEntries(c.get('db'), ctxOf(c).actor, filter, today);
    return c.html(
      <EntryList
        actor={c.get('actor')!}
        url={c.req.url}
        filter={c.req.query()}
        items={page.items}
        nextCursor={page.nextCursor}
        today={today}
      />,
    );
  })
  .get('/console/entries/new', requirePageRole('regulator'), async (c) => {
    const today = todayOf(c);
    const values: FormValues = { list: c.req.query('list') ?? 'black', subjectUscc: c.req.query('subject')?.trim().toUpperCase() ?? '' };
    const from = c.req.query('record');
    if (from && /^rec_[0-9A-Z]{26}$/.test(from)) {
      // From a record's page: the subject, the facts and the basis of the decision, and the record ticked.
      const actor = ctxOf(c).actor;
      const record = await getRecord(c.get('db'), actor, from);
      if (record.department !== actor.dept) throw new DomainError('FORBIDDEN', '只能依据本部门登记的记录提出');
      Object.assign(values, {
        subjectUscc: record.subjectUscc,
        reason: record.facts,
        basis: record.basis,
        'recordIds.0': record.id,
        validUntil: minDate(record.shownUntil, addYears(today, MAX_VALIDITY_YEARS)),
      });
    }
    return renderPropose(c, values, {});
  })
  .post('/console/entries/new', requirePageRole('regulator'), async (c) => {
    const form = await readForm(c);
    const body = {
      subjectUscc: optional(form.subjectUscc),
      list: optional(form.list),
      reason: optional(form.reason),
      basis: optional(form.basis),
      documentNo: optional(form.documentNo),
      recordIds: Object.entries(form).flatMap(([k, v]) => (/^recordIds\.\d+$/.test(k) && v ? [v] : [])),
      validUntil: optional(form.validUntil),
    };
    const checked = validateForm(ProposeBody, body);
    if (!checked.ok) {
      const errors = Object.fromEntries(Object.entries(checked.errors).map(([k, v]) => [k.replace(/^recordIds\.\d+$/, 'recordIds'), v]));
      return renderPropose(c, form, errors, 400);
    }
    try {
      const entry = await proposeEntry(c.get('db'), ctxOf(c), checked.data);
      return c.redirect(`/console/entries/${entry.id}`, 303);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return renderPropose(c, form, refused, formStatus(error));
    }
  })
  .get(`/console/entries/${ENTRY_ID}`, requirePageRole(...PARTIES), (c) => renderEntry(c, c.req.param('id')))
  .post(`/console/entries/${ENTRY_ID}/:action{[a-z]+}`, requirePageRole(...PARTIES), async (c) => {
    const id = c.req.param('id');
    const action = c.req.param('action') as Action;
    if (!(ACTIONS as readonly string[]).includes(action)) throw new DomainError('NOT_FOUND', `名单没有“${action}”这一办理事项`);
    // The entry is the actor's to touch before the form is judged (a stranger learns nothing from validation).
    await getEntry(c.get('db'), ctxOf(c).actor, id, todayOf(c));
    const form = await readForm(c);
    const v = unprefixed(action, form);
    const body = {
      action,
      reason: action === 'exit' && v.code ? `${v.code}: ${v.reason ?? ''}` : optional(v.reason),
      documentNo: optional(v.documentNo),
      statement: optional(v.statement),
    };
    const checked = validateForm(TransitionBody, body);
    if (!checked.ok) return renderEntry(c, id, { action, values: form, errors: prefixed(action, checked.errors) }, 400);
    if (action === 'exit' && !optional(v.reason)) {
      return renderEntry(c, id, { action, values: form, errors: { 'exit.reason': '必填' } }, 400);
    }
    try {
      await transition(c.get('db'), ctxOf(c), id, checked.data);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return renderEntry(c, id, { action, values: form, errors: prefixed(action, refused) }, formStatus(error));
    }
    return c.redirect(`/console/entries/${id}`, 303);
  });
