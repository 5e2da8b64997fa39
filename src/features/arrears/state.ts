import type { IsoDate } from '../../lib/dates.js';
import type { Payment, Tranche } from './interest.js';

/**
 * The state of each obligation, derived from the append-only postings and events (never stored):
 * principal outstanding, paid, disputed, and for interest the tranches (what fell due when) and the
 * payments. A reversed posting counts as never made; the reversal itself only cancels it.
 */
export type LedgerPosting = {
  id: string;
  obligationId: string | null;
  account: 'principal' | 'interest';
  type: 'obligation' | 'payment' | 'interest_payment' | 'adjustment' | 'reversal';
  direction: 'debit' | 'credit';
  amount: bigint;
  on: IsoDate;
  reverses: string | null;
};
export type DisputeEvent = { type: 'dispute' | 'dispute_resolved'; obligationId: string; amount: bigint; on: IsoDate };
export type ObligationState = {
  id: string;
  dueOn: IsoDate;
  owed: bigint;
  paid: bigint;
  outstanding: bigint;
  disputed: bigint;
  tranches: Tranche[];
  payments: Payment[];
};

export function effectivePostings(postings: LedgerPosting[]): LedgerPosting[] {
  const reversed = new Set(postings.filter((p) => p.type === 'reversal' && p.reverses).map((p) => p.reverses!));
  return postings.filter((p) => p.type !== 'reversal' && !reversed.has(p.id));
}

/** Removes an amount from the latest-due tranches first; returns what could not be removed. */
function takeFromLatest(tranches: Tranche[], amount: bigint): bigint {
  let left = amount;
  for (const t of [...tranches].sort((a, b) => b.dueOn.localeCompare(a.dueOn))) {
    const part = t.amountFen < left ? t.amountFen : left;
    t.amountFen -= part;
    left -= part;
    if (left === 0n) break;
  }
  return left;
}

export function obligationStates(
  obligations: { id: string; dueOn: IsoDate }[],
  postings: LedgerPosting[],
  disputes: DisputeEvent[],
  asOf?: IsoDate,
): ObligationState[] {
  const live = effectivePostings(postings).filter((p) => p.account === 'principal' && (!asOf || p.on <= asOf));
  return obligations.map((o) => {
    const mine = live.filter((p) => p.obligationId === o.id).sort((a, b) => a.on.localeCompare(b.on) || a.id.localeCompare(b.id));
    const tranches: Tranche[] = [];
    let owed = 0n;
    let paid = 0n;
    const payments: Payment[] = [];
    for (const p of mine) {
      if (p.direction === 'debit') {
        owed += p.amount;
        tranches.push({ dueOn: p.type === 'obligation' || p.on <= o.dueOn ? o.dueOn : p.on, amountFen: p.amount });
      } else if (p.type === 'payment') {
        paid += p.amount;
        payments.push({ on: p.on, amountFen: p.amount });
      } else {
        owed -= p.amount; // a credit adjustment: never owed
        takeFromLatest(tranches, p.amount);
      }
    }
    let disputed = 0n;
    for (const d of disputes.filter((e) => e.obligationId === o.id && (!asOf || e.on <= asOf)).sort((a, b) => a.on.localeCompare(b.on))) {
      if (d.type === 'dispute') {
        disputed += d.amount;
        // Held apart from the dispute's date: interest already accrued stays, none accrues while disputed.
        payments.push({ on: d.on, amountFen: d.amount });
      } else {
        disputed -= d.amount;
        tranches.push({ dueOn: d.on, amountFen: d.amount }); // due once the dispute is resolved
      }
    }
    return {
      id: o.id,
      dueOn: o.dueOn,
      owed,
      paid,
      outstanding: owed - paid,
      disputed,
      tranches: tranches.filter((t) => t.amountFen > 0n),
      payments,
    };
  });
}

/** Splits a payment over obligations: the undisputed parts in order of due date, then the disputed parts. */
export function allocatePayment(states: ObligationState[], amount: bigint): { obligationId: string; amount: bigint }[] {
  const ordered = [...states].sort((a, b) => a.dueOn.localeCompare(b.dueOn) || a.id.localeCompare(b.id));
  const lines = new Map<string, bigint>();
  let left = amount;
  for (const pass of ['undisputed', 'disputed'] as const) {
    for (const s of ordered) {
      if (left === 0n) break;
      const already = lines.get(s.id) ?? 0n;
      const undisputed = s.outstanding - s.disputed > 0n ? s.outstanding - s.disputed : 0n;
      const room = (pass === 'undisputed' ? undisputed : s.outstanding) - already;
      if (room <= 0n) continue;
      const part = room < left ? room : left;
      lines.set(s.id, already + part);
      left -= part;
    }
  }
  return [...lines].map(([obligationId, amt]) => ({ obligationId, amount: amt }));
}
