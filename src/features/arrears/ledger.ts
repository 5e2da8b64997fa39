import { recordAudit, type Ctx } from '../../audit/log.js';
import type { Db, Trx } from '../../db/types.js';
import type { Actor } from '../../http/auth.js';
import { DomainError, fail } from '../../http/errors.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical.js';
import { addDays, type IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { deadlines } from '../calendar/service.js';
import { assertCanWriteLedger } from './access.js';
import { lockContract, readableContract, toContractView } from './contracts.js';
import { obligationInterest, type Rate } from './interest.js';
import type { EventInputT, PostingInputT } from './schemas.js';
import { allocatePayment, effectivePostings, obligationStates, type DisputeEvent, type LedgerPosting, type ObligationState } from './state.js';

/** The ledger of one contract: what it owes (from events), what was posted, and what follows. */

export async function loadLedger(db: Db | Trx, contractId: string) {
  const [obligations, postings, events] = await Promise.all([
    db.selectFrom('arrears.obligations').selectAll().where('contract_id', '=', contractId).orderBy('due_on').orderBy('id').execute(),
    db.selectFrom('arrears.postings').selectAll().where('contract_id', '=', contractId).orderBy('seq').execute(),
    db.selectFrom('arrears.contract_events').selectAll().where('contract_id', '=', contractId)
      .where('type', 'in', ['dispute', 'dispute_resolved']).orderBy('on_date').orderBy('id').execute(),
  ]);
  const ledgerPostings: LedgerPosting[] = postings.map((p) => ({
    id: p.id, obligationId: p.obligation_id, account: p.account, type: p.type, direction: p.direction,
    amount: BigInt(p.amount_fen), on: p.on_date, reverses: p.reverses,
  }));
  const disputes: DisputeEvent[] = events.map((e) => ({ type: e.type as DisputeEvent['type'], obligationId: e.obligation_id!, amount: BigInt(e.amount_fen!), on: e.on_date }));
  return { obligations, postings, ledgerPostings, disputes };
}

type Ledger = Awaited<ReturnType<typeof loadLedger>>;

function states(ledger: Ledger, asOf?: IsoDate) {
  return obligationStates(ledger.obligations.map((o) => ({ id: o.id, dueOn: o.due_on })), ledger.ledgerPostings, ledger.disputes, asOf);
}

function interestPaid(ledger: Ledger, asOf?: IsoDate): bigint {
  return effectivePostings(ledger.ledgerPostings).filter((p) => p.account === 'interest' && (!asOf || p.on <= asOf))
    .reduce((sum, p) => sum + (p.direction === 'credit' ? p.amount : -p.amount), 0n);
}

type ContractRow = Awaited<ReturnType<typeof readableContract>>;

function rateOf(contract: ContractRow): Rate | null {
  if (contract.agreed_rate_micro) return { kind: 'agreed', annualMicroPercent: BigInt(contract.agreed_rate_micro), basis: contract.day_count_basis as 365 | 360 };
  return contract.sme_at_signing ? { kind: 'default' } : null;
}

function interestOf(contract: ContractRow, ledger: Ledger, asOf: IsoDate) {
  const rate = rateOf(contract);
  const perObligation = states(ledger, asOf).map((s) => {
    const r = rate ? obligationInterest(s.tranches, s.payments, rate, asOf) : { segments: [], totalFen: 0n, exact: '0' };
    return { obligationId: s.id, dueOn: s.dueOn, segments: r.segments, totalFen: r.totalFen };
  });
  const total = perObligation.reduce((sum, o) => sum + o.totalFen, 0n);
  const paid = interestPaid(ledger, asOf);
  return { perObligation, total, paid, outstanding: total - paid };
}

export async function contractDetail(db: Db, actor: Actor, id: string, today: IsoDate) {
  const contract = await readableContract(db, actor, id);
  const ledger = await loadLedger(db, id);
  const byId = new Map(states(ledger).map((s) => [s.id, s]));
  const obligations = ledger.obligations.map((o) => {
    const s = byId.get(o.id)!;
    return {
      id: o.id, basis: o.basis, aroseOn: o.arose_on, inspectionDeadline: o.inspection_deadline, inspectedOn: o.inspected_on,
      clockStartsOn: o.start_on, dueOn: o.due_on, owedFen: s.owed.toString(), paidFen: s.paid.toString(),
      outstandingFen: s.outstanding.toString(), disputedFen: s.disputed.toString(), overdue: s.outstanding - s.disputed > 0n && today > o.due_on,
    };
  });
  const outstanding = [...byId.values()].reduce((sum, s) => sum + s.outstanding, 0n);
  return { ...toContractView(contract), obligations, outstandingFen: outstanding.toString() };
}

export async function contractInterest(db: Db, actor: Actor, id: string, asOf: IsoDate) {
  const contract = await readableContract(db, actor, id);
  const { perObligation, total, paid, outstanding } = interestOf(contract, await loadLedger(db, id), asOf);
  return {
    contractId: id, asOf, rate: rateOf(contract) ? toContractView(contract).lateInterest : 'none',
    obligations: perObligation.map((o) => ({ ...o, totalFen: o.totalFen.toString() })),
    totalFen: total.toString(), interestPaidFen: paid.toString(), interestOutstandingFen: outstanding.toString(),
  };
}

/** Events create obligations and move their due dates (domain §10, periods in 日 counted by §2b). */
export async function recordEvent(db: Db, ctx: Ctx & { actor: Actor }, id: string, input: EventInputT) {
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
        throw new DomainError('RULE_VIOLATED', `obligations would total ${owedSoFar + amount!} fen, more than the contract's ${contract.amount_fen}`);
      }
      const inspectionDeadline = input.type === 'delivery' && contract.inspection_period_days ? addDays(input.on, contract.inspection_period_days) : null;
      const start = inspectionDeadline ?? input.on;
      obligationId = newId('obligation', now);
      await trx.insertInto('arrears.obligations').values({
        id: obligationId, contract_id: id, basis: input.type === 'delivery' ? 'delivery' : 'settlement', arose_on: input.on,
        inspection_deadline: inspectionDeadline, inspected_on: null, start_on: start, due_on: due.daysAfter(start, contract.payment_term_days), created_at: now,
      }).execute();
      await trx.insertInto('arrears.postings').values({
        id: newId('posting', now), request_id: eventId, contract_id: id, obligation_id: obligationId, account: 'principal', type: 'obligation',
        direction: 'debit', amount_fen: amount!.toString(), on_date: input.on, reason: input.type, approver: null, reverses: null,
        created_by: ctx.actor.sub, created_at: now,
      }).execute();
    } else if (input.type === 'inspection_passed') {
      const waiting = ledger.obligations.filter((o) => o.inspection_deadline && !o.inspected_on && o.arose_on <= input.on
        && (!input.obligationId || o.id === input.obligationId));
      if (!waiting.length) throw new DomainError('INVALID_TRANSITION', 'no delivery of this contract is waiting for inspection');
      if (waiting.length > 1) throw fail.validation('obligationId', 'several deliveries wait for inspection: name the one that passed');
      for (const o of waiting) {
        // Passing inspection starts the clock; a buyer who inspected late cannot start it after the agreed period ends.
        const start = input.on < o.inspection_deadline! ? input.on : o.inspection_deadline!;
        await trx.updateTable('arrears.obligations').set({ inspected_on: input.on, start_on: start, due_on: due.daysAfter(start, contract.payment_term_days) })
          .where('id', '=', o.id).execute();
      }
    } else {
      const target = obligationId ? ledger.obligations.find((o) => o.id === obligationId) : ledger.obligations.at(-1);
      if (!target) throw fail.validation('obligationId', 'no such obligation on this contract');
      obligationId = target.id;
      const s = states(ledger).find((x) => x.id === target.id)!;
      const room = input.type === 'dispute' ? s.outstanding - s.disputed : s.disputed;
      if (amount! > room) {
        throw new DomainError('CONFLICT', input.type === 'dispute'
          ? `only ${room} fen of this obligation is outstanding and undisputed` : `only ${room} fen of this obligation is disputed`);
      }
    }
    await trx.insertInto('arrears.contract_events').values({
      id: eventId, contract_id: id, type: input.type, on_date: input.on, amount_fen: amount?.toString() ?? null,
      obligation_id: obligationId, created_by: ctx.actor.sub, created_at: now,
    }).execute();
    await recordAudit(trx, ctx, { action: `arrears.event.${input.type}`, entityType: 'arrears_contract', entityId: id, after: { eventId, ...input } });
    return { eventId, type: input.type, on: input.on, obligationId };
  });
}

/**
 * Posts to the ledger under the contract's row lock (concurrent payments take turns, so their total
 * never passes what is owed). The idempotency key is stored in the same transaction: the same key and
 * body answer the first result again; the same key with another body is 409.
 */
export async function post(db: Db, ctx: Ctx & { actor: Actor }, id: string, key: string, input: PostingInputT) {
  assertCanWriteLedger(ctx.actor);
  const requestHash = await sha256Hex(canonicalJson(input));
  return db.transaction().execute(async (trx) => {
    await lockContract(trx, id);
    const contract = await readableContract(trx, ctx.actor, id);
    const earlier = await trx.selectFrom('arrears.posting_requests').selectAll().where('contract_id', '=', id).where('key', '=', key).executeTakeFirst();
    if (earlier) {
      if (earlier.request_hash !== requestHash) throw fail.conflict('this Idempotency-Key was used with a different posting');
      return { ...(earlier.response as object), replayed: true };
    }
    if (input.on < contract.signed_on) throw fail.validation('on', `before the contract was signed (${contract.signed_on})`);
    if (input.on > ctx.clock.today()) throw fail.validation('on', 'a posting cannot be dated in the future');
    const ledger = await loadLedger(trx, id);
    const current = states(ledger);
    const outstanding = current.reduce((sum, s) => sum + s.outstanding, 0n);
    const amount = input.amountFen ? BigInt(input.amountFen) : 0n;
    const now = ctx.clock.now();
    const requestId = newId('postingRequest', now);
    type Line = { obligationId: string | null; account: 'principal' | 'interest'; direction: 'debit' | 'credit'; amount: bigint; reverses?: string };
    let lines: Line[];

    switch (input.type) {
      case 'payment':
        if (amount > outstanding) throw fail.conflict(`payment of ${amount} fen exceeds the ${outstanding} fen outstanding`, { outstandingFen: outstanding.toString() });
        lines = allocatePayment(current, amount).map((l) => ({ obligationId: l.obligationId, account: 'principal', direction: 'credit', amount: l.amount }));
        break;
      case 'interest_payment': {
        // Every interest payment already posted counts, whatever its date (a backdated one cannot pay twice).
        const due = interestOf(contract, ledger, input.on).total - interestPaid(ledger);
        if (amount > due) throw fail.conflict(`interest payment of ${amount} fen exceeds the ${due} fen of interest accrued and unpaid on ${input.on}`, { interestOutstandingFen: due.toString() });
        lines = [{ obligationId: null, account: 'interest', direction: 'credit', amount }];
        break;
      }
      case 'adjustment': {
        const target = current.find((s) => s.id === input.obligationId);
        if (!target) throw fail.validation('obligationId', 'no such obligation on this contract');
        if (input.direction === 'credit' && amount > target.outstanding) throw fail.conflict(`the adjustment exceeds the ${target.outstanding} fen outstanding on this obligation`);
        lines = [{ obligationId: target.id, account: 'principal', direction: input.direction!, amount }];
        break;
      }
      case 'reversal': {
        const reversed = ledger.postings.find((p) => p.id === input.reverses);
        if (!reversed) throw fail.validation('reverses', 'no such posting on this contract');
        if (reversed.type === 'reversal') throw fail.conflict('a reversal cannot itself be reversed; post again instead');
        const group = ledger.postings.filter((p) => p.request_id === reversed.request_id && p.type === reversed.type);
        if (ledger.postings.some((p) => p.reverses && group.some((g) => g.id === p.reverses))) throw fail.conflict(`posting ${reversed.id} is already reversed`);
        lines = group.map((p) => ({
          obligationId: p.obligation_id, account: p.account, direction: p.direction === 'debit' ? 'credit' : 'debit', amount: BigInt(p.amount_fen), reverses: p.id,
        }));
        break;
      }
    }
    const rows = lines.map((l) => ({
      id: newId('posting', now), request_id: requestId, contract_id: id, obligation_id: l.obligationId, account: l.account, type: input.type,
      direction: l.direction, amount_fen: l.amount.toString(), on_date: input.on, reason: input.reason ?? null, approver: input.approver ?? null,
      reverses: l.reverses ?? null, created_by: ctx.actor.sub, created_at: now,
    }));
    // The ledger as it will be, derived in memory: one check of the invariant for every kind of posting.
    const after = states({ ...ledger, ledgerPostings: [...ledger.ledgerPostings, ...rows.map((r, i) => ({ ...lines[i]!, id: r.id, type: input.type, on: input.on, reverses: r.reverses }))] });
    if (after.some((s) => s.outstanding < 0n)) throw fail.conflict('this posting would leave more paid than owed on an obligation; reverse the payments first');
    if (rows.length) await trx.insertInto('arrears.postings').values(rows).execute();
    const newOutstanding = after.reduce((sum, s) => sum + s.outstanding, 0n);
    const response = {
      requestId, contractId: id, type: input.type, on: input.on,
      postings: rows.map((r) => ({ id: r.id, obligationId: r.obligation_id, account: r.account, direction: r.direction, amountFen: r.amount_fen, reverses: r.reverses })),
      outstandingFen: newOutstanding.toString(),
    };
    await trx.insertInto('arrears.posting_requests').values({
      id: requestId, contract_id: id, key, request_hash: requestHash, response: JSON.stringify(response), created_by: ctx.actor.sub, created_at: now,
    }).execute();
    await recordAudit(trx, ctx, { action: `arrears.posting.${input.type}`, entityType: 'arrears_contract', entityId: id, after: response });
    await closePaidTasks(trx, id, ctx.clock.today(), after);
    return { ...response, replayed: false };
  });
}

/** A rectification task closes only when its obligation is paid in full, and reopens if that changes. */
async function closePaidTasks(trx: Trx, contractId: string, today: IsoDate, after: ObligationState[]) {
  const tasks = await trx.selectFrom('arrears.tasks').select(['id', 'obligation_id', 'closed_on']).where('contract_id', '=', contractId).execute();
  if (!tasks.length) return;
  const settled = new Set(after.filter((s) => s.outstanding === 0n).map((s) => s.id));
  const close = tasks.filter((t) => !t.closed_on && settled.has(t.obligation_id)).map((t) => t.id);
  const reopen = tasks.filter((t) => t.closed_on && !settled.has(t.obligation_id)).map((t) => t.id);
  if (close.length) await trx.updateTable('arrears.tasks').set({ closed_on: today }).where('id', 'in', close).execute();
  if (reopen.length) await trx.updateTable('arrears.tasks').set({ closed_on: null }).where('id', 'in', reopen).execute();
}
