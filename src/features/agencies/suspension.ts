import type { Selectable } from 'kysely';
import type { ActorCtx, Ctx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db, SuspensionsTable, Trx } from '../../db/types.js';
import { suspensionDisclosure } from '../../disclosure/index.js';
import { addMonths, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { suspensionsActiveAmong } from './eligibility.js';
import { assertMaySuspend, assertOperator } from './policy.js';
import type { SuspendInput } from './schemas.js';

/**
 * Suspension from the 超市 (domain §8): three verified complaints within a year, a regulator's
 * discipline, or admission by fraud. A period with its reason and end, lifted early only by the
 * operator; each step audited and published. A suspended agency is not selectable while it runs.
 */

/** Three verified complaints suspend for 12 months (design choice; the operator may lift earlier). */
export const COMPLAINTS_SUSPENSION_MONTHS = 12;

type Row = Selectable<SuspensionsTable>;

function toView(row: Row, agency: { uscc: string; name: string }, today: IsoDate) {
  return {
    id: row.id,
    uscc: agency.uscc,
    name: agency.name,
    reason: row.reason,
    detail: row.detail,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    liftedOn: row.lifted_on,
    liftReason: row.lift_reason,
    liftedBy: row.lifted_by,
    createdBy: row.created_by,
    active: row.starts_on <= today && (row.ends_on === null || row.ends_on >= today) && row.lifted_on === null,
  };
}

const disclose = (v: ReturnType<typeof toView>) => suspensionDisclosure(v);

/**
 * Suspends an admitted agency, in the caller's transaction (the reports feature calls this when a
 * third complaint in a year is verified). Complaints default to 12 months; otherwise until `endsOn`,
 * or until lifted. An agency already suspended is a 409 naming the running suspension.
 */
export async function suspendAgency(
  trx: Trx,
  ctx: Ctx,
  subjectId: string,
  input: { reason: SuspendInput['reason']; detail: string; endsOn?: IsoDate | null },
) {
  assertMaySuspend(ctx, input.reason);
  const today = ctx.clock.today();
  const agency = await trx
    .selectFrom('market.agencies as a')
    .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
    .select(['a.subject_id', 'a.state', 's.uscc', 's.name'])
    .where('a.subject_id', '=', subjectId)
    .forUpdate('a')
    .executeTakeFirst();
  if (!agency) throw fail.notFound(`agency ${subjectId}`);
  if (agency.state !== 'admitted')
    throw fail.transition(`${agency.uscc} is not admitted to the 超市 (it is ${agency.state})`, agency.state);
  const running = (await suspensionsActiveAmong(trx, [subjectId], today))[0];
  if (running) {
    throw fail.conflict(`${agency.uscc} is already suspended (${running.id}, ${running.reason}, since ${running.starts_on})`, {
      suspensionId: running.id,
    });
  }
  const endsOn = input.endsOn ?? (input.reason === 'complaints' ? addMonths(today, COMPLAINTS_SUSPENSION_MONTHS) : null);
  if (endsOn !== null && endsOn < today) throw fail.validation('endsOn', `a suspension cannot end before it starts (${today})`);
  const row = await trx
    .insertInto('market.suspensions')
    .values({
      id: newId('agencySuspension', ctx.clock.now()),
      subject_id: subjectId,
      reason: input.reason,
      detail: input.detail,
      starts_on: today,
      ends_on: endsOn,
      lifted_on: null,
      lifted_by: null,
      lift_reason: null,
      created_by: ctx.actor.sub,
      created_at: ctx.clock.now(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const view = toView(row, agency, today);
  await recordPublicChange(trx, ctx, 'market.agency_suspended', {
    action: 'agency.suspend',
    entityType: 'agency_suspension',
    entityId: row.id,
    subjectId,
    after: view,
    payload: disclose(view),
  });
  return view;
}

/** POST …/agencies/{uscc}/suspensions: the operator for any reason, a regulator for discipline. */
export async function suspendByRequest(db: Db, ctx: ActorCtx, uscc: string, input: SuspendInput) {
  if (ctx.actor.role === 'regulator' && input.reason !== 'discipline') {
    throw fail.forbidden('a regulator suspends an agency for discipline only; complaints and fraud are the operator’s');
  }
  assertMaySuspend(ctx, input.reason);
  return db.transaction().execute(async (trx) => {
    const agency = await trx
      .selectFrom('market.agencies as a')
      .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
      .select('a.subject_id')
      .where('s.uscc', '=', uscc)
      .executeTakeFirst();
    if (!agency) throw fail.notFound(`agency ${uscc}`);
    return suspendAgency(trx, ctx, agency.subject_id, input);
  });
}

/** The operator lifts a running suspension early, with the reason; the agency is selectable again that day. */
export async function liftSuspension(db: Db, ctx: ActorCtx, id: string, input: { reason: string }) {
  assertOperator(ctx, 'lifts a suspension');
  const today = ctx.clock.today();
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('market.suspensions as u')
      .innerJoin('credit.subjects as s', 's.id', 'u.subject_id')
      .selectAll('u')
      .select(['s.uscc', 's.name'])
      .where('u.id', '=', id)
      .forUpdate('u')
      .executeTakeFirst();
    if (!current) throw fail.notFound(`suspension ${id}`);
    const before = toView(current, current, today);
    if (current.lifted_on !== null) throw fail.transition(`suspension ${id} was lifted on ${current.lifted_on}`, 'lifted');
    if (current.ends_on !== null && current.ends_on < today) throw fail.transition(`suspension ${id} ended on ${current.ends_on}`, 'ended');
    const row = await trx
      .updateTable('market.suspensions')
      .set({ lifted_on: today, lifted_by: ctx.actor.sub, lift_reason: input.reason })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toView(row, current, today);
    await recordPublicChange(trx, ctx, 'market.agency_suspension_lifted', {
      action: 'agency.suspension_lift',
      entityType: 'agency_suspension',
      entityId: id,
      subjectId: current.subject_id,
      before,
      after,
      payload: disclose(after),
    });
    return after;
  });
}
