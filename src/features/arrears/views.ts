import type { Selectable } from 'kysely';
import type { Actor } from '../../core/actor.js';
import type { ContractEventsTable, Db, ObligationsTable, PostingsTable, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { deadlines } from '../calendar/index.js';
import { contractQuery, readableContract, toContractView } from './contracts.js';
import { obligationInterest, type Rate } from './interest.js';
import { paymentRuleOf } from './payment-rule.js';
import { assertSupervisor } from './policy.js';
import { type DisputeEvent, effectivePostings, type LedgerPosting, obligationStates } from './state.js';

/** The ledger of one contract: what it owes (from events), what was posted, and what follows. */

export async function loadLedger(db: Db | Trx, contractId: string) {
  const [obligations, postings, events] = await Promise.all([
    db.selectFrom('arrears.obligations').selectAll().where('contract_id', '=', contractId).orderBy('due_on').orderBy('id').execute(),
    db.selectFrom('arrears.postings').selectAll().where('contract_id', '=', contractId).orderBy('seq').execute(),
    db
      .selectFrom('arrears.contract_events')
      .selectAll()
      .where('contract_id', '=', contractId)
      .where('type', 'in', ['dispute', 'dispute_resolved'])
      .orderBy('on_date')
      .orderBy('id')
      .execute(),
  ]);
  return ledgerOf(obligations, postings, events);
}

type ObligationRow = Selectable<ObligationsTable>;
type PostingRow = Selectable<PostingsTable>;
type EventRow = Selectable<ContractEventsTable>;

/** One contract's ledger from its rows (obligations by due date, postings by seq, dispute events by date). */
function ledgerOf(obligations: ObligationRow[], postings: PostingRow[], events: EventRow[]) {
  const ledgerPostings: LedgerPosting[] = postings.map((p) => ({
    id: p.id,
    obligationId: p.obligation_id,
    account: p.account,
    type: p.type,
    direction: p.direction,
    amount: BigInt(p.amount_fen),
    on: p.on_date,
    reverses: p.reverses,
  }));
  const disputes: DisputeEvent[] = events.map((e) => ({
    type: e.type as DisputeEvent['type'],
    obligationId: e.obligation_id!,
    amount: BigInt(e.amount_fen!),
    on: e.on_date,
  }));
  return { obligations, postings, ledgerPostings, disputes };
}

export type Ledger = Awaited<ReturnType<typeof loadLedger>>;

export function states(ledger: Ledger, asOf?: IsoDate) {
  return obligationStates(
    ledger.obligations.map((o) => ({ id: o.id, dueOn: o.due_on })),
    ledger.ledgerPostings,
    ledger.disputes,
    asOf,
  );
}

export function interestPaid(ledger: Ledger, asOf?: IsoDate): bigint {
  return effectivePostings(ledger.ledgerPostings)
    .filter((p) => p.account === 'interest' && (!asOf || p.on <= asOf))
    .reduce((sum, p) => sum + (p.direction === 'credit' ? p.amount : -p.amount), 0n);
}

export type ContractRow = Awaited<ReturnType<typeof readableContract>>;

export function rateOf(contract: ContractRow): Rate | null {
  if (contract.agreed_rate_micro)
    return { kind: 'agreed', annualMicroPercent: BigInt(contract.agreed_rate_micro), basis: contract.day_count_basis as 365 | 360 };
  // The 0.05% default is the 条例's: a contract it does not cover accrues interest only at an agreed rate.
  return contract.sme_at_signing && paymentRuleOf(contract.signed_on).covered ? { kind: 'default' } : null;
}

export function interestOf(contract: ContractRow, ledger: Ledger, asOf: IsoDate) {
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
  const [ledger, due] = await Promise.all([loadLedger(db, id), deadlines(db)]);
  const byId = new Map(states(ledger).map((s) => [s.id, s]));
  const obligations = ledger.obligations.map((o) => {
    const s = byId.get(o.id)!;
    return {
      id: o.id,
      basis: o.basis,
      aroseOn: o.arose_on,
      inspectionDeadline: o.inspection_deadline,
      inspectedOn: o.inspected_on,
      clockStartsOn: o.start_on,
      dueOn: o.due_on,
      owedFen: s.owed.toString(),
      paidFen: s.paid.toString(),
      outstandingFen: s.outstanding.toString(),
      disputedFen: s.disputed.toString(),
      overdue: s.outstanding - s.disputed > 0n && today > o.due_on,
      deadlinesProvisional: due.provisional(o.arose_on, o.due_on),
    };
  });
  const outstanding = [...byId.values()].reduce((sum, s) => sum + s.outstanding, 0n);
  return { ...toContractView(contract), obligations, outstandingFen: outstanding.toString() };
}

export async function contractInterest(db: Db, actor: Actor, id: string, asOf: IsoDate) {
  const contract = await readableContract(db, actor, id);
  const { perObligation, total, paid, outstanding } = interestOf(contract, await loadLedger(db, id), asOf);
  return {
    contractId: id,
    asOf,
    rate: rateOf(contract) ? toContractView(contract).lateInterest : 'none',
    obligations: perObligation.map((o) => ({ ...o, totalFen: o.totalFen.toString() })),
    totalFen: total.toString(),
    interestPaidFen: paid.toString(),
    interestOutstandingFen: outstanding.toString(),
  };
}

/** What happened on one contract, in the ledger's own order: every posting (reversed ones marked) and every event. */
export async function contractEntries(db: Db, actor: Actor, id: string) {
  await readableContract(db, actor, id);
  const [postings, events] = await Promise.all([
    db.selectFrom('arrears.postings').selectAll().where('contract_id', '=', id).orderBy('seq').execute(),
    db.selectFrom('arrears.contract_events').selectAll().where('contract_id', '=', id).orderBy('on_date').orderBy('created_at').execute(),
  ]);
  const reversedBy = new Map(postings.filter((p) => p.reverses).map((p) => [p.reverses!, p.id]));
  return {
    contractId: id,
    postings: postings.map((p) => ({
      id: p.id,
      seq: Number(p.seq),
      on: p.on_date,
      type: p.type,
      account: p.account,
      direction: p.direction,
      amountFen: String(p.amount_fen),
      obligationId: p.obligation_id,
      reason: p.reason,
      reverses: p.reverses,
      reversedBy: reversedBy.get(p.id) ?? null,
    })),
    events: events.map((e) => ({
      id: e.id,
      on: e.on_date,
      type: e.type,
      amountFen: e.amount_fen === null ? null : String(e.amount_fen),
      obligationId: e.obligation_id,
    })),
  };
}

/**
 * The whole ledger's totals as of a date, derived the same way as each contract's page (so they add up
 * to the contracts' own figures): principal owed, paid, outstanding, overdue and disputed, and late
 * interest accrued, paid and outstanding. Interest is exact per obligation, so this reads every contract's
 * ledger (four queries, then pure arithmetic).
 */
export async function ledgerTotals(db: Db, actor: Actor, asOf: IsoDate) {
  assertSupervisor(actor, 'read the ledger totals');
  const [contracts, obligations, postings, events] = await Promise.all([
    contractQuery(db).where('c.signed_on', '<=', asOf).orderBy('c.id').execute(),
    db.selectFrom('arrears.obligations').selectAll().where('arose_on', '<=', asOf).orderBy('due_on').orderBy('id').execute(),
    db.selectFrom('arrears.postings').selectAll().orderBy('seq').execute(),
    db
      .selectFrom('arrears.contract_events')
      .selectAll()
      .where('type', 'in', ['dispute', 'dispute_resolved'])
      .orderBy('on_date')
      .orderBy('id')
      .execute(),
  ]);
  const byContract = <T extends { contract_id: string }>(rows: T[]) => {
    const map = new Map<string, T[]>();
    for (const r of rows) map.set(r.contract_id, [...(map.get(r.contract_id) ?? []), r]);
    return map;
  };
  const [obs, pos, evs] = [byContract(obligations), byContract(postings), byContract(events)];
  const t = { owed: 0n, paid: 0n, outstanding: 0n, overdue: 0n, disputed: 0n, interest: 0n, interestPaid: 0n };
  let overdueObligations = 0;
  let overdueContracts = 0;
  for (const contract of contracts) {
    const ledger = ledgerOf(obs.get(contract.id) ?? [], pos.get(contract.id) ?? [], evs.get(contract.id) ?? []);
    let late = false;
    for (const s of states(ledger, asOf)) {
      t.owed += s.owed;
      t.paid += s.paid;
      t.outstanding += s.outstanding;
      const disputed = s.disputed < s.outstanding ? s.disputed : s.outstanding;
      if (s.outstanding > 0n && disputed > 0n) t.disputed += disputed;
      const payable = s.outstanding - s.disputed;
      if (payable > 0n && asOf > s.dueOn) {
        t.overdue += payable;
        overdueObligations += 1;
        late = true;
      }
    }
    if (late) overdueContracts += 1;
    const interest = interestOf(contract, ledger, asOf);
    t.interest += interest.total;
    t.interestPaid += interest.paid;
  }
  return {
    asOf,
    contracts: contracts.length,
    overdueContracts,
    overdueObligations,
    owedFen: t.owed.toString(),
    paidFen: t.paid.toString(),
    outstandingFen: t.outstanding.toString(),
    overdueFen: t.overdue.toString(),
    disputedFen: t.disputed.toString(),
    interestFen: t.interest.toString(),
    interestPaidFen: t.interestPaid.toString(),
    interestOutstandingFen: (t.interest - t.interestPaid).toString(),
  };
}
