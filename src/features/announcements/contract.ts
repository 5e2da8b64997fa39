import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { contractRunning, resultAwaitsDecision, serviceMayStart } from './allowed-actions.js';
import { nextState } from './machine.js';
import { agencyUscc, assertOwner } from './policy.js';
import { type AnnouncementRow, lockAnnouncement, moveTo } from './repo.js';
import { loadSelection, type SelectionRow, selectionView } from './selection-view.js';

/**
 * 合同备案 and the service result, filed on the selection (domain §8). The owner files the contract once
 * the result is confirmed, extends it, and starts the service (an explicit act: the start day alone
 * changes nothing); the winning agency uploads its result; the owner confirms it (completing the
 * announcement; the completion day opens the 180-day rating window) or returns it for another upload.
 */

async function locked(trx: Trx, id: string): Promise<{ sel: SelectionRow; row: AnnouncementRow }> {
  const first = await loadSelection(trx, id);
  if (!first) throw fail.notFound(`selection ${id}`);
  const row = await lockAnnouncement(trx, first.announcement_id, 'update');
  return { sel: (await loadSelection(trx, id))!, row };
}

async function ownerAct(db: Db, ctx: ActorCtx, id: string, act: (trx: Trx, sel: SelectionRow, row: AnnouncementRow) => Promise<unknown>) {
  await db.transaction().execute(async (trx) => {
    const { sel, row } = await locked(trx, id);
    assertOwner(ctx.actor, row);
    await act(trx, sel, row);
  });
  return selectionView(db, id, ctx.actor);
}

export function fileContract(
  db: Db,
  ctx: ActorCtx,
  id: string,
  input: { number: string; amountFen: string; startsOn: string; endsOn: string },
) {
  return ownerAct(db, ctx, id, async (trx, sel, row) => {
    if (sel.state !== 'confirmed')
      throw fail.transition(`selection ${id} is ${sel.state}; a contract is filed on a confirmed result`, sel.state);
    const to = nextState(row.state, 'file_contract');
    await trx
      .insertInto('market.contracts')
      .values({
        selection_id: id,
        number: input.number,
        amount_fen: input.amountFen,
        starts_on: input.startsOn,
        ends_on: input.endsOn,
        extensions: '[]',
        filed_by: ctx.actor.sub,
        filed_at: ctx.clock.now(),
      })
      .execute();
    await moveTo(trx, ctx, row, to, `contract ${input.number} filed`);
    await recordAudit(trx, ctx, {
      action: 'selection.contract',
      entityType: 'selection',
      entityId: id,
      subjectId: sel.winner_subject_id,
      after: input,
    });
  });
}

export function extendContract(db: Db, ctx: ActorCtx, id: string, input: { endsOn: string; reason: string }) {
  return ownerAct(db, ctx, id, async (trx, sel, row) => {
    const contract = await trx.selectFrom('market.contracts').selectAll().where('selection_id', '=', id).executeTakeFirst();
    if (!contract || !contractRunning(row.state))
      throw fail.transition(`no contract in force on selection ${id} (the announcement is ${row.state})`, row.state);
    if (input.endsOn <= contract.ends_on) throw fail.rule(`endsOn: an extension ends after ${contract.ends_on}`);
    const extensions = [
      ...(contract.extensions as object[]),
      { endsOn: input.endsOn, reason: input.reason, filedAt: ctx.clock.now().toISOString() },
    ];
    await trx
      .updateTable('market.contracts')
      .set({ ends_on: input.endsOn, extensions: JSON.stringify(extensions) })
      .where('selection_id', '=', id)
      .execute();
    await recordAudit(trx, ctx, {
      action: 'selection.contract_extend',
      entityType: 'selection',
      entityId: id,
      subjectId: sel.winner_subject_id,
      after: input,
    });
  });
}

export function startService(db: Db, ctx: ActorCtx, id: string) {
  return ownerAct(db, ctx, id, async (trx, sel, row) => {
    const to = nextState(row.state, 'start_service');
    const contract = await trx.selectFrom('market.contracts').select('starts_on').where('selection_id', '=', id).executeTakeFirstOrThrow();
    if (!serviceMayStart(contract.starts_on, ctx.clock.today())) throw fail.conflict(`the contract starts on ${contract.starts_on}`);
    await moveTo(trx, ctx, row, to, 'service started');
    await recordAudit(trx, ctx, { action: 'selection.start', entityType: 'selection', entityId: id, subjectId: sel.winner_subject_id });
  });
}

async function latestResult(trx: Trx, id: string) {
  return trx.selectFrom('market.service_results').selectAll().where('selection_id', '=', id).orderBy('id', 'desc').executeTakeFirst();
}

/** The winning agency uploads its service result (again after a return). */
export async function uploadResult(db: Db, ctx: ActorCtx, id: string, input: { document: string; note?: string }) {
  const uscc = agencyUscc(ctx.actor);
  await db.transaction().execute(async (trx) => {
    const { sel, row } = await locked(trx, id);
    const winner = sel.winner_subject_id
      ? await trx.selectFrom('credit.subjects').select('uscc').where('id', '=', sel.winner_subject_id).executeTakeFirst()
      : undefined;
    if (winner?.uscc !== uscc) throw fail.forbidden('only the winning agency uploads the service result');
    if (row.state !== 'in_service') throw fail.transition(`the service is not in progress (the announcement is ${row.state})`, row.state);
    if ((await latestResult(trx, id))?.state === 'uploaded') throw fail.conflict('a result awaits the owner’s decision');
    await trx
      .insertInto('market.service_results')
      .values({
        selection_id: id,
        state: 'uploaded',
        document: input.document,
        note: input.note ?? null,
        actor: ctx.actor.sub,
        at: ctx.clock.now(),
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'selection.result_upload',
      entityType: 'selection',
      entityId: id,
      subjectId: sel.winner_subject_id,
      after: input,
    });
  });
  return selectionView(db, id, ctx.actor);
}

/** The owner confirms the uploaded result (→ completed, the rating window opens) or returns it. */
export function decideResult(db: Db, ctx: ActorCtx, id: string, input: { decision: 'confirm' | 'return'; note: string }) {
  return ownerAct(db, ctx, id, async (trx, sel, row) => {
    const latest = await latestResult(trx, id);
    if (!latest || !resultAwaitsDecision(row.state, latest.state)) throw fail.transition('no uploaded result awaits a decision', row.state);
    await trx
      .insertInto('market.service_results')
      .values({
        selection_id: id,
        state: input.decision === 'confirm' ? 'confirmed' : 'returned',
        document: latest.document,
        note: input.note,
        actor: ctx.actor.sub,
        at: ctx.clock.now(),
      })
      .execute();
    if (input.decision === 'confirm') {
      await trx.updateTable('market.selections').set({ completed_on: ctx.clock.today() }).where('id', '=', id).execute();
      await moveTo(trx, ctx, row, nextState(row.state, 'complete'), 'service result confirmed');
    }
    await recordAudit(trx, ctx, {
      action: `selection.result_${input.decision}`,
      entityType: 'selection',
      entityId: id,
      subjectId: sel.winner_subject_id,
      after: input,
    });
  });
}
