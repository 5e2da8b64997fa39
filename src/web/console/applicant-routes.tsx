import { type Context, Hono } from 'hono';
import type { z } from 'zod';
import { fail } from '../../core/errors.js';
import { listServices } from '../../features/agencies/index.js';
import {
  AnnouncementBody,
  authorizeOwner,
  CancelBody,
  ContractBody,
  cancelAnnouncement,
  confirmSelection,
  createAnnouncement,
  decideResult,
  ExtensionBody,
  editDraft,
  extendContract,
  fileContract,
  getAnnouncement,
  listOwnAnnouncements,
  PickBody,
  pickFromShortlist,
  publishAnnouncement,
  ResultDecisionBody,
  runSelection,
  selectionView,
  startService,
} from '../../features/announcements/index.js';
import { giveRating, RatingBody, selectionRating } from '../../features/ratings/index.js';
import type { AppEnv } from '../../http/env.js';
import { ctxOf } from '../../http/router.js';
import { type FormErrors, type FormValues, formErrorsOf, formStatus, optional, readForm, validateForm } from '../forms.js';
import { requirePageRole } from '../session.js';
import { fenOfYuan } from '../text.js';
import { ANNOUNCEMENT_STATES } from '../words.js';
import type { ActionKey } from './applicant/actions.js';
import { DetailPage, type Refused } from './applicant/detail-page.js';
import { DraftForm, draftBody, draftValues, foldErrors, NEW_DRAFT } from './applicant/draft-form.js';
import { type ListItem, ListPage, nextDeadline } from './applicant/list-page.js';

/**
 * The applicant's console (项目业主): its own purchase announcements, each with its state and next
 * deadline; one announcement with its sign-ups as judged, the selection and its proof, the contract,
 * the service results and the rating, and a form for each step the state machine allows it now. Every
 * form posts to the verb behind the matching API endpoint, with the API's body schema as its contract
 * and the same owner check (another applicant's announcement is 403, an unknown one 404).
 */
const PAGE_SIZE = 20;
const ANNOUNCEMENT_ID = /^ann_[0-9A-Z]{26}$/;

type C = Context<AppEnv>;

/** The announcement, if it is the signed-in applicant's own (the API's owner guard, then its read). */
async function ownAnnouncement(c: C, id: string) {
  if (!ANNOUNCEMENT_ID.test(id)) throw fail.notFound(`announcement ${id}`);
  const { actor } = ctxOf(c);
  await authorizeOwner(c.get('db'), actor, id);
  return getAnnouncement(c.get('db'), actor, id);
}

async function servicesOf(c: C) {
  return (await listServices(c.get('db'))).map((s) => ({ code: s.code, name: s.name }));
}

async function renderDetail(c: C, id: string, refused: Refused | null = null, status: 200 | 400 | 409 | 422 = 200) {
  const db = c.get('db');
  const ctx = ctxOf(c);
  const announcement = await ownAnnouncement(c, id);
  const selection = announcement.result ? await selectionView(db, announcement.result.selectionId, ctx.actor) : null;
  const rating = announcement.state === 'completed' && selection ? await selectionRating(db, ctx.actor, selection.id) : null;
  const services = await servicesOf(c);
  return c.html(
    <DetailPage
      actor={ctx.actor}
      today={ctx.clock.today()}
      now={ctx.clock.now()}
      announcement={announcement}
      selection={selection}
      rating={rating}
      serviceName={services.find((s) => s.code === announcement.service)?.name ?? announcement.service}
      done={c.req.query('done')}
      refused={refused}
    />,
    status,
  );
}

type Announcement = Awaited<ReturnType<typeof ownAnnouncement>>;

/**
 * One action on the owner's announcement as a form post: the form's fields become the API's body,
 * checked by the API's schema; the verb runs; success goes back to the page saying what was done, a
 * refusal shows the page again with what was typed and why.
 */
function action<S extends z.ZodType>(
  key: ActionKey,
  spec: {
    schema?: S;
    body?: (values: FormValues) => Record<string, unknown>;
    run: (c: C, announcement: Announcement, input: z.infer<S>) => Promise<unknown>;
  },
) {
  return async (c: C) => {
    const id = c.req.param('id') ?? '';
    const announcement = await ownAnnouncement(c, id);
    const values = await readForm(c);
    let input = undefined as z.infer<S>;
    if (spec.schema) {
      const checked = validateForm(spec.schema, spec.body ? spec.body(values) : present(values));
      if (!checked.ok) return renderDetail(c, id, { action: key, values, errors: checked.errors }, 400);
      input = checked.data;
    }
    try {
      await spec.run(c, announcement, input);
    } catch (error) {
      const errors = formErrorsOf(error);
      if (!errors) throw error;
      return renderDetail(c, id, { action: key, values, errors }, formStatus(error));
    }
    return c.redirect(`/console/announcements/${id}?done=${key}`, 303);
  };
}

/** The selection an action on it acts on; none yet is the state machine's refusal. */
function selectionOf(a: Announcement): string {
  if (!a.result) throw fail.transition(`还没有选取结果（公告状态：${ANNOUNCEMENT_STATES[a.state] ?? a.state}）`, a.state);
  return a.result.selectionId;
}

/** The fields that were filled in (an empty one is absent, so the schema says it is required). */
const present = (values: FormValues) => Object.fromEntries(Object.entries(values).filter(([, v]) => v !== ''));

/** An amount in 元 as fen; text that is no amount goes on as typed, for the API's schema to name. */
const money = (text: string | undefined) => fenOfYuan(text, { zero: 'allowed' }).fen ?? optional(text);
const score = (text: string | undefined) => (text && /^\d$/.test(text) ? Number(text) : optional(text));

/** The draft form posted: converted to the API body, checked by its schema, then the verb. */
async function saveDraft(c: C, editing: Announcement | null) {
  const values = await readForm(c);
  const { body, errors: unconverted } = draftBody(values);
  const checked = validateForm(AnnouncementBody, body);
  if (!checked.ok || Object.keys(unconverted).length) {
    const errors = { ...(checked.ok ? {} : checked.errors), ...unconverted };
    return renderForm(c, values, foldErrors(errors), editing, 400);
  }
  try {
    const saved = editing
      ? await editDraft(c.get('db'), ctxOf(c), editing.id, checked.data)
      : await createAnnouncement(c.get('db'), ctxOf(c), checked.data);
    return c.redirect(`/console/announcements/${saved.id}?done=${editing ? 'edited' : 'created'}`, 303);
  } catch (error) {
    const errors = formErrorsOf(error);
    if (!errors) throw error;
    return renderForm(c, values, foldErrors(errors), editing, formStatus(error));
  }
}

async function renderForm(c: C, values: FormValues, errors: FormErrors, editing: Announcement | null, status: 200 | 400 | 409 | 422 = 200) {
  return c.html(
    <DraftForm
      actor={ctxOf(c).actor}
      values={values}
      errors={errors}
      services={await servicesOf(c)}
      editing={editing ? { id: editing.id, projectName: editing.projectName } : undefined}
    />,
    status,
  );
}

async function editable(c: C) {
  const announcement = await ownAnnouncement(c, c.req.param('id') ?? '');
  if (announcement.state !== 'draft')
    throw fail.transition(`只有草稿可以修改；这份公告${ANNOUNCEMENT_STATES[announcement.state] ?? announcement.state}`, announcement.state);
  return announcement;
}

export const applicantConsolePages = new Hono<AppEnv>()
  .use('/console/announcements', requirePageRole('applicant'))
  .use('/console/announcements/*', requirePageRole('applicant'))
  .get('/console/announcements', async (c) => {
    const db = c.get('db');
    const ctx = ctxOf(c);
    const state = c.req.query('state') ?? '';
    const page = await listOwnAnnouncements(db, ctx.actor, {
      limit: PAGE_SIZE,
      cursor: c.req.query('cursor'),
      state: state in ANNOUNCEMENT_STATES ? (state as never) : undefined,
    });
    const now = ctx.clock.now();
    const items: ListItem[] = [];
    for (const a of page.items) {
      const needsSelection = a.result && ['selected', 'under_contract', 'in_service', 'completed'].includes(a.state);
      const sel = needsSelection ? await selectionView(db, a.result!.selectionId, ctx.actor) : null;
      const rating = a.state === 'completed' && sel ? await selectionRating(db, ctx.actor, sel.id) : null;
      items.push({ announcement: a, deadline: nextDeadline(a, sel, rating, now), winner: a.result?.winner?.name ?? null });
    }
    return c.html(
      <ListPage
        actor={ctx.actor}
        url={c.req.url}
        state={state in ANNOUNCEMENT_STATES ? state : ''}
        items={items}
        nextCursor={page.nextCursor}
        today={ctx.clock.today()}
      />,
    );
  })
  .get('/console/announcements/new', (c) => renderForm(c, NEW_DRAFT, {}, null))
  .post('/console/announcements/new', (c) => saveDraft(c, null))
  .get('/console/announcements/:id', (c) => renderDetail(c, c.req.param('id')))
  .get('/console/announcements/:id/edit', async (c) => {
    const announcement = await editable(c);
    return renderForm(c, draftValues(announcement), {}, announcement);
  })
  .post('/console/announcements/:id/edit', async (c) => saveDraft(c, await editable(c)))
  .post(
    '/console/announcements/:id/publish',
    action('publish', { run: (c, a) => publishAnnouncement(c.get('db'), ctxOf(c), a.id, c.get('deps').drawSources) }),
  )
  .post(
    '/console/announcements/:id/cancel',
    action('cancel', { schema: CancelBody, run: (c, a, input) => cancelAnnouncement(c.get('db'), ctxOf(c), a.id, input.reason) }),
  )
  .post(
    '/console/announcements/:id/selection',
    action('selection', { run: (c, a) => runSelection(c.get('db'), ctxOf(c), a.id, c.get('deps').drawSources, { owner: true }) }),
  )
  .post(
    '/console/announcements/:id/pick',
    action('pick', { schema: PickBody, run: (c, a, input) => pickFromShortlist(c.get('db'), ctxOf(c), selectionOf(a), input.uscc) }),
  )
  .post('/console/announcements/:id/confirm', action('confirm', { run: (c, a) => confirmSelection(c.get('db'), ctxOf(c), selectionOf(a)) }))
  .post(
    '/console/announcements/:id/contract',
    action('contract', {
      schema: ContractBody,
      body: (v) => ({
        number: optional(v.number),
        amountFen: money(v.amountFen),
        startsOn: optional(v.startsOn),
        endsOn: optional(v.endsOn),
      }),
      run: (c, a, input) => fileContract(c.get('db'), ctxOf(c), selectionOf(a), input),
    }),
  )
  .post(
    '/console/announcements/:id/extension',
    action('extension', { schema: ExtensionBody, run: (c, a, input) => extendContract(c.get('db'), ctxOf(c), selectionOf(a), input) }),
  )
  .post('/console/announcements/:id/start', action('start', { run: (c, a) => startService(c.get('db'), ctxOf(c), selectionOf(a)) }))
  .post(
    '/console/announcements/:id/result-decision',
    action('result-decision', {
      schema: ResultDecisionBody,
      run: (c, a, input) => decideResult(c.get('db'), ctxOf(c), selectionOf(a), input),
    }),
  )
  .post(
    '/console/announcements/:id/rating',
    action('rating', {
      schema: RatingBody,
      body: (v) => ({
        quality: score(v.quality),
        timeliness: score(v.timeliness),
        attitude: score(v.attitude),
        fee: score(v.fee),
        conduct: score(v.conduct),
        comment: v.comment ?? '',
      }),
      run: (c, a, input) => giveRating(c.get('db'), ctxOf(c), selectionOf(a), input),
    }),
  );
