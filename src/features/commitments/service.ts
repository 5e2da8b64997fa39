import type { Selectable } from 'kysely';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { regulatorDept } from '../../core/policy.js';
import type { CommitmentsTable, Db } from '../../db/types.js';
import { commitmentDisclosure } from '../../disclosure/index.js';
import { addYears } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { insertRecord } from '../records/index.js';
import { findSubject } from '../subjects/index.js';
import { assertMayDecide } from './policy.js';
import { COMMITMENT_TYPE_NAMES, type CreateCommitmentInput, type FulfilmentInput } from './schemas.js';

type Status = CommitmentsTable['status']['__select__'];

/** Fulfilment is decided once: pending may go to any outcome; an outcome is final. */
export const TRANSITIONS: Record<Status, Status[]> = {
  pending: ['fulfilled', 'partial', 'unfulfilled'], // 全部履行 / 部分履行 / 全部未履行
  fulfilled: [],
  partial: [],
  unfulfilled: [],
};

/** The class of the record a broken commitment creates; a broken repair promise is at least 一般 (it must be shown). */
function brokenSeverity(type: CommitmentsTable['type'], input: FulfilmentInput): 'minor' | 'general' | 'serious' {
  const chosen = input.severity ?? (input.status === 'partial' ? 'minor' : 'general');
  return type === 'credit_repair' && chosen === 'minor' ? 'general' : chosen;
}

export const SANCTION_YEARS = 3;

export type Row = Selectable<CommitmentsTable> & { uscc: string; subject_name: string; subject_kind: string };

export function toView(row: Row) {
  return {
    id: row.id,
    code: row.code,
    subjectUscc: row.uscc,
    subjectName: row.subject_name,
    subjectKind: row.subject_kind,
    type: row.type,
    typeName: COMMITMENT_TYPE_NAMES[row.type],
    reason: row.reason,
    content: row.content,
    liability: row.liability,
    madeOn: row.made_on,
    validUntil: row.valid_until,
    acceptingUnitUscc: row.accepting_unit_uscc,
    acceptingUnitName: row.accepting_unit_name,
    publicity: row.publicity,
    status: row.status,
    fulfilmentOn: row.fulfilment_on,
    fulfilmentUnitUscc: row.fulfilment_unit_uscc,
    fulfilmentNote: row.fulfilment_note,
    recordId: row.record_id,
    createdAt: row.created_at.toISOString(),
  };
}

/** Records a commitment accepted by the token's department; its code is region + date + serial. */
export async function createCommitment(db: Db, ctx: ActorCtx, input: CreateCommitmentInput) {
  const dept = regulatorDept(ctx.actor, 'records commitments (as the accepting unit)');
  if (input.madeOn > ctx.clock.today()) throw fail.validation('madeOn', 'a commitment cannot be made in the future');
  if (input.validUntil && input.validUntil < input.madeOn) throw fail.validation('validUntil', 'ends before the commitment was made');
  return db.transaction().execute(async (trx) => {
    const subject = await findSubject(trx, input.subjectUscc);
    if (!subject) throw new DomainError('RULE_VIOLATED', `subjectUscc: no subject is registered with ${input.subjectUscc}`);
    const region = dept.slice(2, 8);
    const serial = await trx
      .insertInto('credit.commitment_serials')
      .values({ region, day: input.madeOn, last: 1 })
      .onConflict((oc) => oc.columns(['region', 'day']).doUpdateSet((eb) => ({ last: eb('credit.commitment_serials.last', '+', 1) })))
      .returning('last')
      .executeTakeFirstOrThrow();
    if (serial.last > 999_999) throw new DomainError('LIMIT_EXCEEDED', `no commitment serial left for region ${region} on ${input.madeOn}`);
    const code = `${region}${input.madeOn.replaceAll('-', '')}${String(serial.last).padStart(6, '0')}`;
    const row = await trx
      .insertInto('credit.commitments')
      .values({
        id: newId('commitment', ctx.clock.now()),
        code,
        subject_id: subject.id,
        type: input.type,
        reason: input.reason,
        content: input.content,
        liability: input.liability,
        made_on: input.madeOn,
        valid_until: input.validUntil ?? null,
        accepting_unit_uscc: dept,
        accepting_unit_name: input.acceptingUnitName,
        publicity: input.publicity,
        fulfilment_on: null,
        fulfilment_unit_uscc: null,
        fulfilment_note: null,
        record_id: null,
        created_by: ctx.actor.sub,
        created_at: ctx.clock.now(),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView({ ...row, uscc: subject.uscc, subject_name: subject.name, subject_kind: subject.kind });
    await recordPublicChange(trx, ctx, 'commitment.created', {
      action: 'commitment.create',
      entityType: 'commitment',
      entityId: view.id,
      subjectId: subject.id,
      after: view,
      payload: commitmentDisclosure(view),
    });
    return view;
  });
}

/** Route guard: the commitment exists and the actor is its accepting unit (or an admin). */
export async function authorizeFulfilment(db: Db, actor: Actor, id: string) {
  const row = await db.selectFrom('credit.commitments').select('accepting_unit_uscc').where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`commitment ${id}`);
  assertMayDecide(actor, row);
}

/**
 * Sets 全部履行 / 部分履行 / 全部未履行. A broken commitment creates a dishonesty record of the deciding
 * department, linked to the commitment, in the same transaction.
 */
export async function decideFulfilment(db: Db, ctx: ActorCtx, id: string, input: FulfilmentInput) {
  if (input.decidedOn > ctx.clock.today()) throw fail.validation('decidedOn', 'a decision date in the future is refused');
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('credit.commitments as c')
      .innerJoin('credit.subjects as s', 's.id', 'c.subject_id')
      .selectAll('c')
      .select(['s.uscc', 's.name as subject_name', 's.kind as subject_kind'])
      .where('c.id', '=', id)
      .forUpdate('c')
      .executeTakeFirst();
    if (!current) throw fail.notFound(`commitment ${id}`);
    assertMayDecide(ctx.actor, current);
    if (!TRANSITIONS[current.status].includes(input.status)) {
      throw new DomainError(
        'INVALID_TRANSITION',
        `commitment ${current.code} is already ${current.status}; its fulfilment is decided once`,
        { state: current.status },
      );
    }
    if (input.decidedOn < current.made_on) throw fail.validation('decidedOn', 'before the commitment was made');
    const dept = ctx.actor.dept ?? current.accepting_unit_uscc;
    let recordId: string | null = null;
    if (input.status !== 'fulfilled') {
      const record = await insertRecord(
        trx,
        ctx,
        dept,
        {
          subjectUscc: current.uscc,
          kind: 'dishonesty',
          category: 'broken_commitment',
          severity: brokenSeverity(current.type, input),
          facts: `未履行信用承诺 ${current.code}（${input.status === 'partial' ? '部分履行' : '全部未履行'}）：${current.content}`,
          basis: `信用承诺书 ${current.code}；违诺责任：${current.liability}`,
          documentNo: input.documentNo!,
          decidedOn: input.decidedOn,
          penalties: [],
          evidence: [],
          obligationsUnmet: false,
        },
        // A broken 信用修复型 promise carries the false-materials sanction (36号令, domain §6): shown
        // 3 years with no early end, and no repair for 3 years.
        {
          commitmentId: current.id,
          ...(current.type === 'credit_repair' ? { sanctionUntil: addYears(input.decidedOn, SANCTION_YEARS) } : {}),
        },
      );
      recordId = record.id;
    }
    const row = await trx
      .updateTable('credit.commitments')
      .set({
        status: input.status,
        fulfilment_on: input.decidedOn,
        fulfilment_unit_uscc: dept,
        fulfilment_note: input.note ?? null,
        record_id: recordId,
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const before = toView(current);
    const after = toView({ ...row, uscc: current.uscc, subject_name: current.subject_name, subject_kind: current.subject_kind });
    await recordPublicChange(trx, ctx, 'commitment.fulfilment_decided', {
      action: 'commitment.fulfilment',
      entityType: 'commitment',
      entityId: id,
      subjectId: current.subject_id,
      before,
      after,
      payload: commitmentDisclosure(after),
    });
    return after;
  });
}
