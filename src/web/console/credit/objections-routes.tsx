import { type Context, Hono } from 'hono';
import type { Actor } from '../../../core/actor.js';
import {
  allowedObjectionSteps,
  DECIDERS,
  DecisionBody,
  decide,
  ExtensionBody,
  extend,
  FORWARDERS,
  forward,
  getObjection,
  ObjectionQueueQuery,
  type ObjectionStep,
  objectionQueue,
  queueStatesFor,
} from '../../../features/objections/index.js';
import type { AppEnv } from '../../../http/env.js';
import { ctxOf } from '../../../http/router.js';
import { type FormValues, optional, validateForm } from '../../forms.js';
import { requirePageRole } from '../../session.js';
import { type ActiveForm, caseStep, type Prepared, queryOf, todayOf } from './common.js';
import { type ObjectionForm, ObjectionList, ObjectionPage, type ObjectionShown } from './objection-views.js';

/**
 * The objection queue (异议) by due date, overdue marked, and one objection with the steps the API
 * offers its reader now: forwarding (the platform, or an admin), an extension and the decision (the
 * deciding department, reviewers, admins). The verbs check the department again.
 */
const OBJECTION_ID = ':id{obj_[0-9A-Z]{26}}';
const READERS = ['regulator', 'reviewer', 'admin', 'platform'] as const;

/** The form of each step the feature allows this actor now. */
const FORM_OF: Record<ObjectionStep, ObjectionForm> = { forward: 'forward', decide: 'decision', extend: 'extension' };

function formsFor(o: ObjectionShown, actor: Actor): ObjectionForm[] {
  return allowedObjectionSteps(o, actor).map((step) => FORM_OF[step]);
}

async function renderObjection(c: Context<AppEnv>, id: string, active?: ActiveForm, status: 200 | 400 | 409 | 422 = 200) {
  const actor = ctxOf(c).actor;
  const today = todayOf(c);
  const objection = await getObjection(c.get('db'), actor, id, today);
  return c.html(
    <ObjectionPage actor={actor} objection={objection} today={today} forms={formsFor(objection, actor)} active={active} />,
    status,
  );
}

/** A step on an objection: its page, then the form, then the verb (common.caseStep). */
const objectionStep = (c: Context<AppEnv>, form: ObjectionForm, prepare: (values: FormValues) => Prepared) =>
  caseStep(
    c,
    form,
    {
      load: (id) => getObjection(c.get('db'), ctxOf(c).actor, id, todayOf(c)),
      render: (id, active, status) => renderObjection(c, id, active, status),
      href: (id) => `/console/objections/${id}`,
    },
    prepare,
  );

export const objectionPages = new Hono<AppEnv>()
  .get('/console/objections', requirePageRole(...READERS), async (c) => {
    const filter = queryOf(c, ObjectionQueueQuery);
    const today = todayOf(c);
    const page = await objectionQueue(c.get('db'), ctxOf(c).actor, filter, today);
    return c.html(
      <ObjectionList
        actor={c.get('actor')!}
        url={c.req.url}
        filter={{ state: filter.state, ...c.req.query() }}
        states={queueStatesFor(ctxOf(c).actor.role)}
        items={page.items}
        nextCursor={page.nextCursor}
        today={today}
      />,
    );
  })
  .get(`/console/objections/${OBJECTION_ID}`, requirePageRole(...READERS), (c) => renderObjection(c, c.req.param('id')))
  .post(`/console/objections/${OBJECTION_ID}/forward`, requirePageRole(...FORWARDERS), (c) =>
    objectionStep(c, 'forward', () => ({ ok: true, call: (id) => forward(c.get('db'), ctxOf(c), id) })),
  )
  .post(`/console/objections/${OBJECTION_ID}/extension`, requirePageRole(...DECIDERS), (c) =>
    objectionStep(c, 'extension', (v) => {
      const checked = validateForm(ExtensionBody, { reason: optional(v.reason), newDueOn: optional(v.newDueOn) });
      return checked.ok ? { ok: true, call: (id) => extend(c.get('db'), ctxOf(c), id, checked.data) } : checked;
    }),
  )
  .post(`/console/objections/${OBJECTION_ID}/decision`, requirePageRole(...DECIDERS), (c) =>
    objectionStep(c, 'decision', (v) => {
      const correction = Object.fromEntries(
        (['severity', 'decidedOn', 'documentNo', 'facts'] as const).flatMap((k) => {
          const value = optional(v[`correction.${k}`]);
          return value === undefined ? [] : [[k, value]];
        }),
      );
      const body = {
        decision: optional(v.decision),
        reason: optional(v.reason),
        correction: v.decision === 'partly_upheld' && Object.keys(correction).length ? correction : undefined,
      };
      const checked = validateForm(DecisionBody, body);
      return checked.ok ? { ok: true, call: (id) => decide(c.get('db'), ctxOf(c), id, checked.data) } : checked;
    }),
  );
