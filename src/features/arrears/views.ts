import type { Actor } from '../../core/actor.js';
import type { Db, Trx } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { deadlines } from '../calendar/index.js';
import { readableContract, toContractView } from './contracts.js';
import { obligationInterest, type Rate } from './interest.js';
import { paymentRuleOf } from './payment-rule.js';
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
