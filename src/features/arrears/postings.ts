import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Db, Trx } from '../../db/types.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical.js';
import type { IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { lockContract, readableContract } from './contracts.js';
import { assertCanWriteLedger } from './policy.js';
import { MAX_FEN, type PostingInputT } from './schemas.js';
import { allocatePayment, type ObligationState } from './state.js';
import { interestOf, interestPaid, loadLedger, states } from './views.js';

/** The answer a posting gives, stored with its key and given again on a replay. */
type PostingAnswer = {
  requestId: string;
  contractId: string;
  type: PostingInputT['type'];
  on: IsoDate;
  postings: {
    id: string;
    obligationId: string | null;
    account: 'principal' | 'interest';
    direction: 'debit' | 'credit';
    amountFen: string;
    reverses: string | null;
  }[];
  outstandingFen: string;
};

/**
 * Posts to the ledger under the contract's row lock (concurrent payments take turns, so their total
 * never passes what is owed). The idempotency key is stored in the same transaction: the same key and
 * body answer the first result again; the same key with another body is 409.
 */
export async function post(db: Db, ctx: ActorCtx, id: string, key: string, input: PostingInputT) {
  assertCanWriteLedger(ctx.actor);
  const requestHash = await sha256Hex(canonicalJson(input));
  return db.transaction().execute(async (trx) => {
    await lockContract(trx, id);
    const contract = await readableContract(trx, ctx.actor, id);
    const earlier = await trx
      .selectFrom('arrears.posting_requests')
      .selectAll()
      .where('contract_id', '=', id)
      .where('key', '=', key)
      .executeTakeFirst();
    if (earlier) {
      // A key belongs to the (role, sub) that used it: another caller gets no one else's answer.
      const sameCaller = earlier.created_by === ctx.actor.sub && (earlier.created_role ?? ctx.actor.role) === ctx.actor.role;
      if (!sameCaller) throw fail.conflict('this Idempotency-Key is already used on this contract by another caller; choose another key');
      if (earlier.request_hash !== requestHash) throw fail.conflict('this Idempotency-Key was used with a different posting');
      return { ...(earlier.response as PostingAnswer), replayed: true };
    }
    if (input.on < contract.signed_on) throw fail.validation('on', `before the contract was signed (${contract.signed_on})`);
    if (input.on > ctx.clock.today()) throw fail.validation('on', 'a posting cannot be dated in the future');
    const ledger = await loadLedger(trx, id);
    const current = states(ledger);
    const outstanding = current.reduce((sum, s) => sum + s.outstanding, 0n);
    const amount = input.amountFen ? BigInt(input.amountFen) : 0n;
    const now = ctx.clock.now();
    const requestId = newId('postingRequest', now);
    type Line = {
      obligationId: string | null;
      account: 'principal' | 'interest';
      direction: 'debit' | 'credit';
      amount: bigint;
      reverses?: string;
    };
    let lines: Line[];

    switch (input.type) {
      case 'payment':
        if (amount > outstanding)
          throw fail.conflict(`payment of ${amount} fen exceeds the ${outstanding} fen outstanding`, {
            outstandingFen: outstanding.toString(),
          });
        lines = allocatePayment(current, amount).map((l) => ({
          obligationId: l.obligationId,
          account: 'principal',
          direction: 'credit',
          amount: l.amount,
        }));
        break;
      case 'interest_payment': {
        // Every interest payment already posted counts, whatever its date (a backdated one cannot pay twice).
        const due = interestOf(contract, ledger, input.on).total - interestPaid(ledger);
        if (amount > due)
          throw fail.conflict(`interest payment of ${amount} fen exceeds the ${due} fen of interest accrued and unpaid on ${input.on}`, {
            interestOutstandingFen: due.toString(),
          });
        lines = [{ obligationId: null, account: 'interest', direction: 'credit', amount }];
        break;
      }
      case 'adjustment': {
        const target = current.find((s) => s.id === input.obligationId);
        if (!target) throw fail.validation('obligationId', 'no such obligation on this contract');
        if (input.direction === 'credit' && amount > target.outstanding)
          throw fail.conflict(`the adjustment exceeds the ${target.outstanding} fen outstanding on this obligation`);
        // Adjustments up may not make a contract owe more than any contract can be (reports stay computable).
        const owed = current.reduce((sum, s) => sum + s.owed, 0n);
        if (input.direction === 'debit' && owed + amount > MAX_FEN)
          throw fail.rule(`the contract would owe ${owed + amount} fen, more than the ${MAX_FEN} fen any contract can be`, {
            owedFen: owed.toString(),
          });
        lines = [{ obligationId: target.id, account: 'principal', direction: input.direction!, amount }];
        break;
      }
      case 'reversal': {
        const reversed = ledger.postings.find((p) => p.id === input.reverses);
        if (!reversed) throw fail.validation('reverses', 'no such posting on this contract');
        if (reversed.type === 'reversal') throw fail.conflict('a reversal cannot itself be reversed; post again instead');
        const group = ledger.postings.filter((p) => p.request_id === reversed.request_id && p.type === reversed.type);
        if (ledger.postings.some((p) => p.reverses && group.some((g) => g.id === p.reverses)))
          throw fail.conflict(`posting ${reversed.id} is already reversed`);
        lines = group.map((p) => ({
          obligationId: p.obligation_id,
          account: p.account,
          direction: p.direction === 'debit' ? 'credit' : 'debit',
          amount: BigInt(p.amount_fen),
          reverses: p.id,
        }));
        break;
      }
    }
    const rows = lines.map((l) => ({
      id: newId('posting', now),
      request_id: requestId,
      contract_id: id,
      obligation_id: l.obligationId,
      account: l.account,
      type: input.type,
      direction: l.direction,
      amount_fen: l.amount.toString(),
      on_date: input.on,
      reason: input.reason ?? null,
      approver: input.approver ?? null,
      reverses: l.reverses ?? null,
      created_by: ctx.actor.sub,
      created_at: now,
    }));
    // The ledger as it will be, derived in memory: one check of the invariant for every kind of posting.
    const after = states({
      ...ledger,
      ledgerPostings: [
        ...ledger.ledgerPostings,
        ...rows.map((r, i) => ({ ...lines[i]!, id: r.id, type: input.type, on: input.on, reverses: r.reverses })),
      ],
    });
    if (after.some((s) => s.outstanding < 0n))
      throw fail.conflict('this posting would leave more paid than owed on an obligation; reverse the payments first');
    if (rows.length) await trx.insertInto('arrears.postings').values(rows).execute();
    const newOutstanding = after.reduce((sum, s) => sum + s.outstanding, 0n);
    const response: PostingAnswer = {
      requestId,
      contractId: id,
      type: input.type,
      on: input.on,
      postings: rows.map((r) => ({
        id: r.id,
        obligationId: r.obligation_id,
        account: r.account,
        direction: r.direction,
        amountFen: r.amount_fen,
        reverses: r.reverses,
      })),
      outstandingFen: newOutstanding.toString(),
    };
    await trx
      .insertInto('arrears.posting_requests')
      .values({
        id: requestId,
        contract_id: id,
        key,
        request_hash: requestHash,
        response: JSON.stringify(response),
        created_by: ctx.actor.sub,
        created_role: ctx.actor.role,
        created_at: now,
      })
      .execute();
    await recordAudit(trx, ctx, { action: `arrears.posting.${input.type}`, entityType: 'arrears_contract', entityId: id, after: response });
    await closePaidTasks(trx, id, ctx.clock.today(), after);
    return { ...response, replayed: false };
  });
}

/** A rectification task closes only when its obligation is paid in full, and reopens if that changes. */
async function closePaidTasks(trx: Trx, contractId: string, today: IsoDate, after: ObligationState[]) {
  const tasks = await trx
    .selectFrom('arrears.tasks')
    .select(['id', 'obligation_id', 'closed_on'])
    .where('contract_id', '=', contractId)
    .execute();
  if (!tasks.length) return;
  const settled = new Set(after.filter((s) => s.outstanding === 0n).map((s) => s.id));
  const close = tasks.filter((t) => !t.closed_on && settled.has(t.obligation_id)).map((t) => t.id);
  const reopen = tasks.filter((t) => t.closed_on && !settled.has(t.obligation_id)).map((t) => t.id);
  if (close.length) await trx.updateTable('arrears.tasks').set({ closed_on: today }).where('id', 'in', close).execute();
  if (reopen.length) await trx.updateTable('arrears.tasks').set({ closed_on: null }).where('id', 'in', reopen).execute();
}
