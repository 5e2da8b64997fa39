import { type Context, Hono } from 'hono';
import type { Actor } from '../../../core/actor.js';
import { EntryListQuery, listEntries } from '../../../features/lists/index.js';
import { recordsOfSubject } from '../../../features/records/index.js';
import {
  AcceptanceBody,
  ApplyBody,
  allowedRepairSteps,
  applyForRepair,
  decideAcceptance,
  decideRepair,
  getRepair,
  REPAIR_DECIDERS,
  RepairDecisionBody,
  RepairQueueQuery,
  type RepairStep,
  RevocationBody,
  repairableTargets,
  repairQueue,
  revokeRepair,
} from '../../../features/repairs/index.js';
import type { AppEnv } from '../../../http/env.js';
import { ctxOf } from '../../../http/router.js';
import { type FormErrors, type FormValues, formStatus, optional, readForm, validateForm } from '../../forms.js';
import { requirePageRole } from '../../session.js';
import { LIST_NAMES } from '../../text.js';
import { SEVERITY_NAMES } from '../../words.js';
import { type ActiveForm, caseStep, type Prepared, queryOf, refusalOf, todayOf } from './common.js';
import { RepairApplyForm, type RepairForm, RepairList, RepairPage, type RepairShown } from './repair-views.js';

/**
 * Credit repair (信用修复) in the console: the deciding department's queue by due date, one repair with
 * the decisions the API offers in its state, and a subject's own application.
 */
const REPAIR_ID = ':id{rep_[0-9A-Z]{26}}';
const READERS = ['regulator', 'reviewer', 'admin', 'subject'] as const;

/** The form each step the repairs feature allows is taken with (accept and refuse share one, as do approve and reject). */
const FORM_OF: Record<RepairStep, RepairForm> = {
  accept: 'acceptance',
  refuse: 'acceptance',
  approve: 'decision',
  reject: 'decision',
  revoke: 'revocation',
};

function formsFor(r: RepairShown, actor: Actor): RepairForm[] {
  return [...new Set(allowedRepairSteps(r, actor).map((step) => FORM_OF[step]))];
}

async function renderRepair(c: Context<AppEnv>, id: string, active?: ActiveForm, status: 200 | 400 | 409 | 422 = 200) {
  const actor = ctxOf(c).actor;
  const today = todayOf(c);
  const repair = await getRepair(c.get('db'), actor, id, today);
  return c.html(<RepairPage actor={actor} repair={repair} today={today} forms={formsFor(repair, actor)} active={active} />, status);
}

/** A step on a repair: its page, then the form, then the verb (common.caseStep). */
const repairStep = (c: Context<AppEnv>, form: RepairForm, prepare: (values: FormValues) => Prepared) =>
  caseStep(
    c,
    form,
    {
      load: (id) => getRepair(c.get('db'), ctxOf(c).actor, id, todayOf(c)),
      render: (id, active, status) => renderRepair(c, id, active, status),
      href: (id) => `/console/repairs/${id}`,
    },
    prepare,
  );

/** What a subject may ask to repair: its dishonesty records in effect, its published black and watch entries. */
async function repairTargets(c: Context<AppEnv>): Promise<[string, string][]> {
  const actor = ctxOf(c).actor;
  const db = c.get('db');
  const today = todayOf(c);
  const [ownRecords, ownEntries] = await Promise.all([
    recordsOfSubject(db, actor, actor.uscc ?? ''),
    listEntries(db, actor, EntryListQuery.parse({ state: 'published', limit: 200 }), today),
  ]);
  const { records, entries } = repairableTargets(actor, { records: ownRecords.items, entries: ownEntries.items }, today);
  return [
    ...entries.map((e): [string, string] => [
      e.id,
      `${LIST_NAMES[e.list]} ${e.documentNo}（${e.publishedOn} 公示，有效期至 ${e.validUntil}）`,
    ]),
    ...records.map((r): [string, string] => [
      r.id,
      `失信记录 ${r.documentNo}（${r.severity ? SEVERITY_NAMES[r.severity] : ''}，${r.decidedOn} 决定，${r.repairableFrom ?? '—'} 起可申请修复）`,
    ]),
  ];
}

async function renderApply(c: Context<AppEnv>, values: FormValues, errors: FormErrors, status: 200 | 400 | 403 | 404 | 409 | 422 = 200) {
  return c.html(<RepairApplyForm actor={c.get('actor')!} values={values} errors={errors} targets={await repairTargets(c)} />, status);
}

export const repairPages = new Hono<AppEnv>()
  .get('/console/repairs', requirePageRole(...READERS), async (c) => {
    const filter = queryOf(c, RepairQueueQuery);
    const today = todayOf(c);
    const page = await repairQueue(c.get('db'), ctxOf(c).actor, filter, today);
    return c.html(
      <RepairList
        actor={c.get('actor')!}
        url={c.req.url}
        filter={{ state: filter.state, ...c.req.query() }}
        items={page.items}
        nextCursor={page.nextCursor}
        today={today}
      />,
    );
  })
  .get('/console/repairs/new', requirePageRole('subject'), (c) => renderApply(c, { targetId: c.req.query('target') ?? '' }, {}))
  .post('/console/repairs/new', requirePageRole('subject'), async (c) => {
    const form = await readForm(c);
    const targetId = optional(form.targetId);
    const name = optional(form['evidence.0.name']);
    const sha256 = optional(form['evidence.0.sha256']);
    const body = {
      target: targetId?.startsWith('lst_') ? 'listEntry' : 'record',
      targetId,
      commitment: optional(form.commitment),
      evidence: name || sha256 ? [{ name, sha256 }] : [],
    };
    const checked = validateForm(ApplyBody, body);
    if (!checked.ok) return renderApply(c, form, checked.errors, 400);
    try {
      const repair = await applyForRepair(c.get('db'), ctxOf(c), checked.data);
      return c.redirect(`/console/repairs/${repair.id}`, 303);
    } catch (error) {
      const refused = refusalOf(error);
      if (!refused) throw error;
      return renderApply(c, form, refused, formStatus(error));
    }
  })
  .get(`/console/repairs/${REPAIR_ID}`, requirePageRole(...READERS), (c) => renderRepair(c, c.req.param('id')))
  .post(`/console/repairs/${REPAIR_ID}/acceptance`, requirePageRole(...REPAIR_DECIDERS), (c) =>
    repairStep(c, 'acceptance', (v) => {
      const missing = (v.missing ?? '')
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter(Boolean);
      const checked = validateForm(AcceptanceBody, {
        decision: optional(v.decision),
        complex: v.complex === 'true',
        missing: missing.length ? missing : undefined,
      });
      if (!checked.ok) {
        const errors = Object.fromEntries(Object.entries(checked.errors).map(([k, m]) => [k.replace(/^missing\.\d+$/, 'missing'), m]));
        return { ok: false, errors };
      }
      return { ok: true, call: (id) => decideAcceptance(c.get('db'), ctxOf(c), id, checked.data) };
    }),
  )
  .post(`/console/repairs/${REPAIR_ID}/decision`, requirePageRole(...REPAIR_DECIDERS), (c) =>
    repairStep(c, 'decision', (v) => {
      const checked = validateForm(RepairDecisionBody, { decision: optional(v.decision), reason: optional(v.reason) });
      return checked.ok ? { ok: true, call: (id) => decideRepair(c.get('db'), ctxOf(c), id, checked.data) } : checked;
    }),
  )
  .post(`/console/repairs/${REPAIR_ID}/revocation`, requirePageRole(...REPAIR_DECIDERS), (c) =>
    repairStep(c, 'revocation', (v) => {
      const checked = validateForm(RevocationBody, { reason: optional(v.reason), documentNo: optional(v.documentNo) });
      return checked.ok ? { ok: true, call: (id) => revokeRepair(c.get('db'), ctxOf(c), id, checked.data) } : checked;
    }),
  );
