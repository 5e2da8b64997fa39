import { type Context, Hono } from 'hono';
import type { Actor } from '../../../core/actor.js';
import { DomainError } from '../../../core/errors.js';
import { EntryListQuery, listEntries } from '../../../features/lists/index.js';
import {
  allowedRecordActions,
  CorrectionBody,
  CreateRecordBody,
  correctRecord,
  createRecord,
  endHeldDisplay,
  getRecord,
  heldRecords,
  listCategories,
  listRecords,
  mayChangeRecord,
  ObligationsMetBody,
  PENALTY_TYPES,
  type RecordActions,
  RecordListQuery,
  recordObligationsMet,
  SECTORS,
} from '../../../features/records/index.js';
import type { AppEnv } from '../../../http/env.js';
import { ctxOf } from '../../../http/router.js';
import { type FormErrors, type FormValues, formStatus, optional, readForm, validateForm } from '../../forms.js';
import { requirePageRole } from '../../session.js';
import { fenOfYuan, wholeNumberOf } from '../../text.js';
import { prefixed, queryOf, refusalOf, todayOf, unprefixed } from './common.js';
import { PENALTY_ROWS, RECORD_LABELS, RecordForm, type RecordForms, RecordList, RecordPage, type RecordShown } from './record-views.js';

/**
 * Credit records in the console: record a case (the records API's create body is the form's contract),
 * a department's case file, and one record with the steps its state allows. The verbs are the API's.
 */
const RECORD_ID = ':id{rec_[0-9A-Z]{26}}';

/**
 * The console shows a department its own cases (domain §1): another department's regulator is refused
 * a record's page, as it is refused the record's list entries, objections and repairs. Reviewers and
 * admins see every department's; a subject its own (the verb decides).
 */
function assertOwnCase(actor: Actor, record: { department: string }) {
  if (actor.role === 'regulator' && actor.dept !== record.department)
    throw new DomainError('FORBIDDEN', '这是其他部门登记的案件，只有登记部门（以及审核人员、系统管理员）可以查看和办理');
}

/** The API body from the form: empty fields are absent, penalty rows left blank are dropped, 元 become fen. */
function createBodyOf(form: FormValues): { body: Record<string, unknown>; own: FormErrors; rowOf: number[] } {
  const own: FormErrors = {};
  const penalties: Record<string, unknown>[] = [];
  const rowOf: number[] = [];
  for (let i = 0; i < PENALTY_ROWS; i++) {
    const at = (name: string) => optional(form[`penalties.${i}.${name}`]);
    if (![at('type'), at('content'), at('amountFen'), at('termMonths')].some((v) => v !== undefined)) continue;
    const amount = fenOfYuan(at('amountFen'));
    if (amount.error) own[`penalties.${i}.amountFen`] = amount.error;
    rowOf.push(i);
    penalties.push({ type: at('type'), content: at('content'), amountFen: amount.fen, termMonths: wholeNumberOf(at('termMonths')) });
  }
  const evidenceName = optional(form['evidence.0.name']);
  const evidenceHash = optional(form['evidence.0.sha256']);
  const body = {
    subjectUscc: optional(form.subjectUscc),
    kind: optional(form.kind),
    category: optional(form.category),
    severity: optional(form.severity),
    sector: optional(form.sector),
    documentNo: optional(form.documentNo),
    decidedOn: optional(form.decidedOn),
    basis: optional(form.basis),
    facts: optional(form.facts),
    obligationsUnmet: form.obligationsUnmet === 'true',
    penalties,
    evidence: evidenceName || evidenceHash ? [{ name: evidenceName, sha256: evidenceHash }] : [],
  };
  return { body, own, rowOf };
}

/** Schema errors on `penalties.<n>` named by the form row they came from (blank rows are skipped). */
function byFormRow(errors: FormErrors, rowOf: number[]): FormErrors {
  return Object.fromEntries(
    Object.entries(errors).map(([key, message]) => [
      key.replace(/^penalties\.(\d+)/, (_, n: string) => `penalties.${rowOf[Number(n)] ?? n}`),
      message,
    ]),
  );
}

/** A refusal whose message names a field first ("severity: …") is shown at that field. */
function atField(errors: FormErrors, labels: Record<string, string>): FormErrors {
  const named = /^(?:[^：]+：)?([A-Za-z][\w.]*): (.+)$/.exec(errors._form ?? '');
  if (!named || !labels[named[1]!]) return errors;
  const { _form, ...rest } = errors;
  return { ...rest, [named[1]!]: named[2]! };
}

async function renderForm(c: Context<AppEnv>, values: FormValues, errors: FormErrors, status: 200 | 400 | 409 | 422 = 200) {
  const { items } = await listCategories(c.get('db'));
  return c.html(
    <RecordForm
      actor={c.get('actor')!}
      values={values}
      errors={errors}
      categories={items}
      penaltyTypes={PENALTY_TYPES}
      sectors={SECTORS}
    />,
    status,
  );
}

async function loadRecord(c: Context<AppEnv>, id: string) {
  const actor = ctxOf(c).actor;
  const record = await getRecord(c.get('db'), actor, id);
  assertOwnCase(actor, record);
  return record;
}

async function renderRecord(c: Context<AppEnv>, id: string, forms: RecordForms = {}, status: 200 | 400 | 409 | 422 = 200) {
  const actor = ctxOf(c).actor;
  const db = c.get('db');
  const today = todayOf(c);
  const record = await loadRecord(c, id);
  const [{ items: categories }, entries] = await Promise.all([
    listCategories(db),
    listEntries(db, actor, EntryListQuery.parse({ subject: record.subjectUscc, limit: 200 }), today),
  ]);
  return c.html(
    <RecordPage
      actor={actor}
      record={record}
      categoryName={categories.find((k) => k.code === record.category)?.name ?? record.category}
      today={today}
      entries={entries.items.filter((e) => e.recordIds.includes(record.id))}
      actions={allowedRecordActions(record, actor, today)}
      forms={forms}
    />,
    status,
  );
}

/** A step on a record: allowed to this actor at all (else 403, before the form is judged), then the verb. */
async function recordStep(
  c: Context<AppEnv>,
  form: keyof RecordForms,
  allowed: (a: RecordActions) => boolean,
  run: (values: FormValues, record: RecordShown) => { ok: true; call: () => Promise<unknown> } | { ok: false; errors: FormErrors },
) {
  const id = c.req.param('id')!;
  const actor = ctxOf(c).actor;
  const record = await loadRecord(c, id);
  if (!mayChangeRecord(actor, record)) throw new DomainError('FORBIDDEN', '只有登记部门（或系统管理员）可以办理此记录');
  const values = await readForm(c);
  const prepared = run(unprefixed(form, values), record);
  if (!prepared.ok) return renderRecord(c, id, { [form]: { values, errors: prefixed(form, prepared.errors) } }, 400);
  if (!allowed(allowedRecordActions(record, actor, todayOf(c)))) {
    return renderRecord(c, id, { [form]: { values, errors: { _form: '当前状态不允许此操作' } } }, 409);
  }
  try {
    await prepared.call();
  } catch (error) {
    const errors = refusalOf(error);
    if (!errors) throw error;
    return renderRecord(c, id, { [form]: { values, errors: prefixed(form, errors) } }, formStatus(error));
  }
  return c.redirect(`/console/records/${id}`, 303);
}

export const recordPages = new Hono<AppEnv>()
  .get('/console/records/new', requirePageRole('regulator'), (c) =>
    renderForm(c, { kind: 'dishonesty', obligationsUnmet: 'false', decidedOn: todayOf(c) }, {}),
  )
  .post('/console/records/new', requirePageRole('regulator'), async (c) => {
    const form = await readForm(c);
    const { body, own, rowOf } = createBodyOf(form);
    const checked = validateForm(CreateRecordBody, body);
    const errors = { ...(checked.ok ? {} : byFormRow(checked.errors, rowOf)), ...own };
    if (!checked.ok || Object.keys(own).length) return renderForm(c, form, errors, 400);
    try {
      const record = await createRecord(c.get('db'), ctxOf(c), checked.data);
      return c.redirect(`/console/records/${record.id}`, 303);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return renderForm(c, form, atField(byFormRow(refused, rowOf), RECORD_LABELS), formStatus(error));
    }
  })
  .get('/console/records', requirePageRole('regulator', 'reviewer', 'admin'), async (c) => {
    const filter = queryOf(c, RecordListQuery);
    const actor = ctxOf(c).actor;
    const today = todayOf(c);
    const [page, held] = await Promise.all([
      listRecords(c.get('db'), actor, filter),
      filter.cursor ? { items: [] } : heldRecords(c.get('db'), actor, today),
    ]);
    return c.html(
      <RecordList
        actor={actor}
        url={c.req.url}
        filter={c.req.query()}
        items={page.items}
        nextCursor={page.nextCursor}
        today={today}
        held={held.items}
      />,
    );
  })
  .get(`/console/records/${RECORD_ID}`, requirePageRole('regulator', 'reviewer', 'admin', 'subject'), (c) =>
    renderRecord(c, c.req.param('id')),
  )
  .post(`/console/records/${RECORD_ID}/correction`, requirePageRole('regulator', 'admin'), (c) =>
    recordStep(
      c,
      'correction',
      (a) => a.correct,
      (v, r) => {
        // Only what was changed is sent: the API takes the fields to correct and the reason.
        const changed = (name: 'severity' | 'documentNo' | 'decidedOn' | 'basis' | 'facts', current: string | null) =>
          v[name] !== undefined && v[name] !== (current ?? '') ? v[name] : undefined;
        const body = {
          severity: changed('severity', r.severity),
          documentNo: changed('documentNo', r.documentNo),
          decidedOn: changed('decidedOn', r.decidedOn),
          basis: changed('basis', r.basis),
          facts: changed('facts', r.facts),
          reason: optional(v.reason),
        };
        const checked = validateForm(CorrectionBody, Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined)));
        if (!checked.ok) {
          const { _form, ...rest } = checked.errors;
          return { ok: false, errors: _form ? { ...rest, _form: '请至少修改一项内容，并填写更正理由' } : rest };
        }
        return { ok: true, call: () => correctRecord(c.get('db'), ctxOf(c), r.id, checked.data) };
      },
    ),
  )
  .post(`/console/records/${RECORD_ID}/obligations-met`, requirePageRole('regulator', 'admin'), (c) =>
    recordStep(
      c,
      'obligations',
      (a) => a.obligations,
      (v, r) => {
        const checked = validateForm(ObligationsMetBody, { documentNo: optional(v.documentNo), metOn: optional(v.metOn) });
        if (!checked.ok) return checked;
        return { ok: true, call: () => recordObligationsMet(c.get('db'), ctxOf(c), r.id, checked.data) };
      },
    ),
  )
  .post(`/console/records/${RECORD_ID}/display-end`, requirePageRole('regulator', 'admin'), (c) =>
    recordStep(
      c,
      'displayEnd',
      (a) => a.displayEnd,
      (v, r) => {
        const reason = optional(v.reason);
        if (!reason) return { ok: false, errors: { reason: '必填' } };
        return { ok: true, call: () => endHeldDisplay(c.get('db'), ctxOf(c), r.id, reason) };
      },
    ),
  );
