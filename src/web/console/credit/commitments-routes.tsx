import { type Context, Hono } from 'hono';
import type { Actor } from '../../../core/actor.js';
import { DomainError } from '../../../core/errors.js';
import {
  COMMITMENT_TYPE_NAMES,
  COMMITMENT_TYPES,
  CommitmentListQuery,
  CreateCommitmentBody,
  createCommitment,
  decideFulfilment,
  FulfilmentBody,
  getCommitment,
  listCommitments,
} from '../../../features/commitments/index.js';
import type { AppEnv } from '../../../http/env.js';
import { ctxOf } from '../../../http/router.js';
import { type FormErrors, type FormValues, formStatus, optional, readForm, validateForm } from '../../forms.js';
import { requirePageRole } from '../../session.js';
import { CommitmentForm, CommitmentList, CommitmentPage } from './commitment-views.js';
import { prefixed, queryOf, refusalOf, todayOf, unprefixed } from './common.js';

/**
 * Credit commitments (信用承诺) in the console, as the API offers them to each role: the accepting unit
 * records one and decides whether it was kept; others read what the API lets them read.
 */
const COMMITMENT_ID = ':id{cmt_[0-9A-Z]{26}}';
const READERS = ['regulator', 'reviewer', 'admin', 'subject'] as const;
const TYPES = COMMITMENT_TYPES.map((t): [string, string] => [t, COMMITMENT_TYPE_NAMES[t]]);

/** Only the accepting unit (or an admin) decides, and only once (the API's rule, policy.assertMayDecide). */
const mayDecide = (actor: Actor, c: { acceptingUnitUscc: string; status: string }) =>
  c.status === 'pending' && (actor.role === 'admin' || (actor.role === 'regulator' && actor.dept === c.acceptingUnitUscc));

async function renderCommitment(
  c: Context<AppEnv>,
  id: string,
  values: FormValues = {},
  errors: FormErrors = {},
  status: 200 | 400 | 409 | 422 = 200,
) {
  const actor = ctxOf(c).actor;
  const today = todayOf(c);
  const commitment = await getCommitment(c.get('db'), actor, id, today);
  return c.html(
    <CommitmentPage
      actor={actor}
      commitment={commitment}
      today={today}
      mayDecide={mayDecide(actor, commitment)}
      values={values}
      errors={errors}
    />,
    status,
  );
}

export const commitmentPages = new Hono<AppEnv>()
  .get('/console/commitments', requirePageRole(...READERS), async (c) => {
    const filter = queryOf(c, CommitmentListQuery);
    const today = todayOf(c);
    const page = await listCommitments(c.get('db'), ctxOf(c).actor, filter, today);
    return c.html(
      <CommitmentList
        actor={c.get('actor')!}
        url={c.req.url}
        filter={c.req.query()}
        items={page.items}
        nextCursor={page.nextCursor}
        today={today}
        types={TYPES}
      />,
    );
  })
  .get('/console/commitments/new', requirePageRole('regulator'), (c) =>
    c.html(<CommitmentForm actor={c.get('actor')!} values={{ madeOn: todayOf(c), publicity: 'public' }} errors={{}} types={TYPES} />),
  )
  .post('/console/commitments/new', requirePageRole('regulator'), async (c) => {
    const form = await readForm(c);
    const fields = [
      'subjectUscc',
      'type',
      'reason',
      'content',
      'liability',
      'madeOn',
      'validUntil',
      'acceptingUnitName',
      'publicity',
    ] as const;
    const checked = validateForm(CreateCommitmentBody, Object.fromEntries(fields.map((f) => [f, optional(form[f])])));
    const again = (errors: FormErrors, status: 400 | 409 | 422) =>
      c.html(<CommitmentForm actor={c.get('actor')!} values={form} errors={errors} types={TYPES} />, status);
    if (!checked.ok) return again(checked.errors, 400);
    try {
      const made = await createCommitment(c.get('db'), ctxOf(c), checked.data);
      return c.redirect(`/console/commitments/${made.id}`, 303);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return again(refused, formStatus(error));
    }
  })
  .get(`/console/commitments/${COMMITMENT_ID}`, requirePageRole(...READERS), (c) => renderCommitment(c, c.req.param('id')))
  .post(`/console/commitments/${COMMITMENT_ID}/fulfilment`, requirePageRole('regulator', 'admin'), async (c) => {
    const id = c.req.param('id');
    const actor = ctxOf(c).actor;
    const commitment = await getCommitment(c.get('db'), actor, id, todayOf(c));
    // Whose decision it is, before the form is judged (the API's guard); the verb checks it again.
    if (!mayDecide(actor, { ...commitment, status: 'pending' }))
      throw new DomainError('FORBIDDEN', '只有受理单位（或系统管理员）可以认定履约情况');
    const form = await readForm(c);
    const v = unprefixed('fulfilment', form);
    const checked = validateForm(FulfilmentBody, {
      status: optional(v.status),
      decidedOn: optional(v.decidedOn),
      note: optional(v.note),
      documentNo: optional(v.documentNo),
      severity: optional(v.severity),
    });
    if (!checked.ok) return renderCommitment(c, id, form, prefixed('fulfilment', checked.errors), 400);
    try {
      await decideFulfilment(c.get('db'), ctxOf(c), id, checked.data);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return renderCommitment(c, id, form, prefixed('fulfilment', refused), formStatus(error));
    }
    return c.redirect(`/console/commitments/${id}`, 303);
  });
