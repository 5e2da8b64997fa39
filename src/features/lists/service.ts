import type { Actor, ActorCtx, Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { regulatorDept } from '../../core/policy.js';
import type { Db, ExitReason, Trx } from '../../db/types.js';
import { entryDisclosure } from '../../disclosure/index.js';
import { addDays, addYears } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { deadlines, readAt } from '../calendar/index.js';
import { dishonestyInEffect, entryActiveOn, recordsInEffectAmong } from '../credit-rules/index.js';
import { findSubject } from '../subjects/index.js';
import { exitReasonsByHand, mayRestBlackOn, publishableYet, statementWindowOpen } from './allowed-actions.js';
import { type Action, EXIT_REASONS, MAX_VALIDITY_YEARS, nextState, STATEMENT_WINDOW_WORKDAYS } from './machine.js';
import { exitEntry, moveEntry, revokeRedEntries } from './moves.js';
import { assertMayTake, assertMayTouch } from './policy.js';
import * as repo from './repo.js';
import type { ProposeInput, TransitionInput } from './schemas.js';

/** Red/black/watch list entries: proposed by a department, told to the subject, published by a reviewer. */

async function assertRedAllowed(trx: Trx, subjectId: string, on: string) {
  const black = await trx
    .selectFrom('credit.list_entries as e')
    .select('e.document_no')
    .where('e.subject_id', '=', subjectId)
    .where('e.list', '=', 'black')
    .where(entryActiveOn('e', on))
    .executeTakeFirst();
  if (black) throw new DomainError('RULE_VIOLATED', `a red entry is refused while the subject is on a black list (${black.document_no})`);
  const blocking = await dishonestyInEffect(trx, subjectId, on);
  if (blocking.length) {
    throw new DomainError(
      'RULE_VIOLATED',
      `a red entry is refused while the subject has dishonesty records in effect: ${blocking.map((r) => r.document_no).join(', ')}`,
      { records: blocking.map((r) => r.id) },
    );
  }
}

export async function proposeEntry(db: Db, ctx: ActorCtx, input: ProposeInput) {
  const dept = regulatorDept(ctx.actor, 'proposes list entries');
  const today = ctx.clock.today();
  if (input.validUntil <= today) throw fail.validation('validUntil', 'must lie in the future');
  if (input.validUntil > addYears(today, MAX_VALIDITY_YEARS))
    throw fail.validation('validUntil', `at most ${MAX_VALIDITY_YEARS} years ahead`);
  return db.transaction().execute(async (trx) => {
    const subject = await findSubject(trx, input.subjectUscc);
    if (!subject) throw new DomainError('RULE_VIOLATED', `subjectUscc: no subject is registered with ${input.subjectUscc}`);
    const records = await recordsInEffectAmong(trx, input.recordIds, today);
    const unknown = input.recordIds.filter((id) => !records.some((r) => r.id === id && r.subject_id === subject.id));
    if (unknown.length) throw fail.validation('recordIds', `not records of this subject in effect today: ${unknown.join(', ')}`);
    // An entry rests only on records its own department decided: another department's records are
    // theirs to list, and listing them would let this department's repair decisions reach them.
    const foreign = records.filter((r) => r.department !== dept).map((r) => r.id);
    if (foreign.length)
      throw fail.forbidden(`recordIds: records of another department cannot support this department's entry: ${foreign.join(', ')}`);
    if (input.list === 'black' && !mayRestBlackOn(records)) {
      throw new DomainError('RULE_VIOLATED', 'a black entry needs at least one serious record of the subject in effect (recordIds)');
    }
    if (input.list === 'red') await assertRedAllowed(trx, subject.id, today);
    const now = ctx.clock.now();
    const row = await trx
      .insertInto('credit.list_entries')
      .values({
        id: newId('listEntry', now),
        subject_id: subject.id,
        list: input.list,
        department: dept,
        reason: input.reason,
        basis: input.basis,
        document_no: input.documentNo,
        record_ids: input.recordIds,
        valid_until: input.validUntil,
        state: 'proposed',
        notified_on: null,
        statement_due_on: null,
        statement: null,
        statement_at: null,
        published_on: null,
        exited_on: null,
        exit_reason: null,
        created_by: ctx.actor.sub,
        created_at: now,
        updated_at: now,
      })
      .onConflict((oc) => oc.columns(['department', 'document_no']).doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw fail.conflict(`department ${dept} already has a list entry with document number ${input.documentNo}`);
    const entry = { ...row, uscc: subject.uscc, subject_name: subject.name, legal_representative: subject.legal_representative };
    await trx
      .insertInto('credit.list_entry_transitions')
      .values({
        entry_id: row.id,
        action: 'propose',
        from_state: 'none',
        to_state: 'proposed',
        on_date: today,
        actor: ctx.actor.sub,
        role: ctx.actor.role,
        at: now,
        reason: input.reason,
        document_no: input.documentNo,
      })
      .execute();
    const view = repo.toView(entry, await readAt(trx, today));
    await recordPublicChange(trx, ctx, 'list_entry.proposed', {
      action: 'list_entry.propose',
      entityType: 'list_entry',
      entityId: row.id,
      subjectId: subject.id,
      after: view,
      payload: entryDisclosure(view),
    });
    return view;
  });
}

/** Route guard: the entry exists and the actor may touch it (before the body is judged). */
export async function authorizeEntry(db: Db, actor: Actor, id: string) {
  const entry = await repo.find(db, id);
  if (!entry) throw fail.notFound(`list entry ${id}`);
  assertMayTouch(actor, entry);
}

export async function transition(db: Db, ctx: ActorCtx, id: string, input: TransitionInput) {
  const calendar = input.action === 'notify' ? await deadlines(db) : null;
  return db.transaction().execute(async (trx) => {
    const entry = await repo.lock(trx, id);
    if (!entry) throw fail.notFound(`list entry ${id}`);
    assertMayTouch(ctx.actor, entry);
    const action: Action = input.action;
    nextState(entry.state, action);
    assertMayTake(ctx.actor, action);
    const today = ctx.clock.today();
    const base = { action, reason: input.reason, documentNo: input.documentNo ?? null };
    switch (action) {
      case 'notify': {
        const due = calendar!.workdaysAfter(today, STATEMENT_WINDOW_WORKDAYS);
        return moveEntry(trx, ctx, entry, { ...base, set: { notified_on: today, statement_due_on: due } });
      }
      case 'statement': {
        if (!input.statement) throw fail.validation('statement', 'the 陈述申辩 text is required');
        if (entry.statement) throw new DomainError('CONFLICT', 'the subject has already made its statement');
        if (!statementWindowOpen(entry.statement_due_on!, today))
          throw new DomainError('PRECONDITION_FAILED', `the statement window ended on ${entry.statement_due_on}`);
        return moveEntry(trx, ctx, entry, { ...base, set: { statement: input.statement, statement_at: ctx.clock.now() } });
      }
      case 'publish': {
        if (!publishableYet({ statement: entry.statement, dueOn: entry.statement_due_on }, today)) {
          throw new DomainError(
            'PRECONDITION_FAILED',
            `the statement window runs until ${entry.statement_due_on}; publish after it, or once the subject has stated its case`,
            { dueOn: entry.statement_due_on },
          );
        }
        if (entry.valid_until > addYears(today, MAX_VALIDITY_YEARS)) {
          throw new DomainError(
            'RULE_VIOLATED',
            `validUntil ${entry.valid_until} lies more than ${MAX_VALIDITY_YEARS} years after publishing (${today})`,
          );
        }
        if (entry.valid_until < today) throw new DomainError('RULE_VIOLATED', `the entry's validity ended on ${entry.valid_until}`);
        if (entry.list === 'red') await assertRedAllowed(trx, entry.subject_id, today);
        if (entry.list === 'black') {
          // The records may have been repaired or voided during the statement window.
          if (!mayRestBlackOn(await recordsInEffectAmong(trx, entry.record_ids, today)))
            throw new DomainError('RULE_VIOLATED', 'none of the serious records this black entry rests on is still in effect');
        }
        const view = await moveEntry(trx, ctx, entry, { ...base, set: { published_on: today } });
        if (entry.list === 'black') await revokeRedEntries(trx, ctx, entry.subject_id, `black list entry ${entry.id} published`);
        return view;
      }
      case 'withdraw':
        return moveEntry(trx, ctx, entry, base);
      case 'exit': {
        const reason = input.reason.split(/[:：\s]/)[0] as ExitReason;
        if (!(EXIT_REASONS as readonly string[]).includes(reason)) {
          throw fail.validation('reason', `an exit needs one of ${EXIT_REASONS.join(', ')}`);
        }
        if (!exitReasonsByHand({ list: entry.list, validUntil: entry.valid_until }, today).includes(reason)) {
          throw new DomainError(
            'RULE_VIOLATED',
            reason === 'repaired' || reason === 'objection_upheld'
              ? `an entry exits as ${reason} through the ${reason === 'repaired' ? 'credit repair' : 'objection'} process, not by hand`
              : reason === 'expired'
                ? `the entry is valid until ${entry.valid_until}`
                : 'only a red entry is revoked',
          );
        }
        return exitEntry(trx, ctx, entry, reason, input.reason);
      }
    }
  });
}

export async function getEntry(db: Db, actor: Actor, id: string, today: string) {
  const entry = await repo.find(db, id);
  if (!entry) throw fail.notFound(`list entry ${id}`);
  assertMayTouch(actor, entry);
  const history = await repo.history(db, id);
  return {
    ...repo.toView(entry, await readAt(db, today)),
    history: history.map((t) => ({
      action: t.action,
      from: t.from_state,
      to: t.to_state,
      on: t.on_date,
      actor: t.actor,
      role: t.role,
      at: t.at.toISOString(),
      reason: t.reason,
      documentNo: t.document_no,
    })),
  };
}

/** An entry with its subject's code, for features that act on it (repairs); no access check. */
export const findEntry = repo.find;

/**
 * The sweep's part: published entries whose validity has ended exit as `expired` on the day after
 * their last valid day. Each exit is its own transaction, so a failure halfway loses nothing.
 */
export async function exitExpiredEntries(db: Db, ctx: Ctx): Promise<string[]> {
  const today = ctx.clock.today();
  const expired = await db
    .selectFrom('credit.list_entries')
    .select('id')
    .where('state', '=', 'published')
    .where('valid_until', '<', today)
    .orderBy('id')
    .execute();
  const exited: string[] = [];
  for (const { id } of expired) {
    await db.transaction().execute(async (trx) => {
      const entry = await repo.lock(trx, id);
      if (entry?.state !== 'published' || entry.valid_until >= today) return;
      await exitEntry(trx, ctx, entry, 'expired', `valid until ${entry.valid_until}`, { on: addDays(entry.valid_until, 1) });
      exited.push(id);
    });
  }
  return exited;
}
