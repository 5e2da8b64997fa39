import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import type { Db } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { deadlines } from '../calendar/index.js';
import { lockContract, readableContract } from './contracts.js';
import { assertCanWriteLedger } from './policy.js';
import type { EventInputT } from './schemas.js';
import { loadLedger, states } from './views.js';

/** Events create obligations and move their due dates (domain §10, periods in 日 counted by §2b). */
export async function recordEvent(db: Db, ctx: ActorCtx, id: string, input: EventInputT) {
  assertCanWriteLedger(ctx.actor);
  const due = await deadlines(db);
  return db.transaction().execute(async (trx) => {
    await lockContract(trx, id);
    const contract = await readableContract(trx, ctx.actor, id);
    if (input.on < contract.signed_on) throw fail.validation('on', `before the contract was signed (${contract.signed_on})`);
    if (input.on > ctx.clock.today()) throw fail.validation('on', 'an event cannot be reported for a future date');
    const ledger = await loadLedger(trx, id);
    const now = ctx.clock.now();
    const eventId = newId('contractEvent', now);
    let obligationId: string | null = input.obligationId ?? null;
    const amount = input.amountFen ? BigInt(input.amountFen) : null;

    if (input.type === 'delivery' || input.type === 'settlement_confirmed') {
      const owedSoFar = states(ledger).reduce((sum, s) => sum + s.owed, 0n);
      if (owedSoFar + amount! > BigInt(contract.amount_fen)) {
        throw new DomainError(
          'RULE_VIOLATED',
          `obligations would total ${owedSoFar + amount!} fen, more than the contract's ${contract.amount_fen}`,
        );
      }
      // The agreed inspection period is a period in 日: ending on a rest day, it ends on the next working day (第203条).
      const inspectionDeadline =
        input.type === 'delivery' && contract.inspection_period_days ? due.daysAfter(input.on, contract.inspection_period_days) : null;
      const start = inspectionDeadline ?? input.on;
      obligationId = newId('obligation', now);
      await trx
        .insertInto('arrears.obligations')
        .values({
          id: obligationId,
          contract_id: id,
          basis: input.type === 'delivery' ? 'delivery' : 'settlement',
          arose_on: input.on,
          inspection_deadline: inspectionDeadline,
          inspected_on: null,
          start_on: start,
          due_on: due.daysAfter(start, contract.payment_term_days),
          created_at: now,
        })
        .execute();
      await trx
        .insertInto('arrears.postings')
        .values({
          id: newId('posting', now),
          request_id: eventId,
          contract_id: id,
          obligation_id: obligationId,
          account: 'principal',
          type: 'obligation',
          direction: 'debit',
          amount_fen: amount!.toString(),
          on_date: input.on,
          reason: input.type,
          approver: null,
          reverses: null,
          created_by: ctx.actor.sub,
          created_at: now,
        })
        .execute();
    } else if (input.type === 'inspection_passed') {
      const waiting = ledger.obligations.filter(
        (o) => o.inspection_deadline && !o.inspected_on && o.arose_on <= input.on && (!input.obligationId || o.id === input.obligationId),
      );
      if (!waiting.length) throw new DomainError('INVALID_TRANSITION', 'no delivery of this contract is waiting for inspection');
      if (waiting.length > 1) throw fail.validation('obligationId', 'several deliveries wait for inspection: name the one that passed');
      for (const o of waiting) {
        // Passing inspection starts the clock; a buyer who inspected late cannot start it after the agreed period ends.
        const start = input.on < o.inspection_deadline! ? input.on : o.inspection_deadline!;
        await trx
          .updateTable('arrears.obligations')
          .set({ inspected_on: input.on, start_on: start, due_on: due.daysAfter(start, contract.payment_term_days) })
          .where('id', '=', o.id)
          .execute();
      }
    } else {
      const target = obligationId ? ledger.obligations.find((o) => o.id === obligationId) : ledger.obligations.at(-1);
      if (!target) throw fail.validation('obligationId', 'no such obligation on this contract');
      obligationId = target.id;
      const s = states(ledger).find((x) => x.id === target.id)!;
      const room = input.type === 'dispute' ? s.outstanding - s.disputed : s.disputed;
      if (amount! > room) {
        throw new DomainError(
          'CONFLICT',
          input.type === 'dispute'
            ? `only ${room} fen of this obligation is outstanding and undisputed`
            : `only ${room} fen of this obligation is disputed`,
        );
      }
    }
    await trx
      .insertInto('arrears.contract_events')
      .values({
        id: eventId,
        contract_id: id,
        type: input.type,
        on_date: input.on,
        amount_fen: amount?.toString() ?? null,
        obligation_id: obligationId,
        created_by: ctx.actor.sub,
        created_at: now,
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: `arrears.event.${input.type}`,
      entityType: 'arrears_contract',
      entityId: id,
      after: { eventId, ...input },
    });
    return { eventId, type: input.type, on: input.on, obligationId };
  });
}
