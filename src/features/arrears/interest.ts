import { daysBetween, type IsoDate } from '../../lib/dates.js';
import { decimalString, microToPercent, roundHalfUp } from '../../lib/money.js';

/**
 * Late interest under the SME payment regulation (domain §10), exact: simple interest for every day
 * from the day after a due date through the payment date (a paid part) or through asOf (what is still
 * unpaid), both ends inclusive. A daily rate is the agreed annual rate / 365 (or / 360 when the
 * contract says so), else 0.05% a day. Exact rational arithmetic; rounded half-up to the fen once per
 * obligation. Pure: the ledger supplies tranches (what fell due when) and payments (what was paid when).
 */
export type Rate = { kind: 'agreed'; annualMicroPercent: bigint; basis: 365 | 360 } | { kind: 'default' };
export type Tranche = { dueOn: IsoDate; amountFen: bigint };
export type Payment = { on: IsoDate; amountFen: bigint };
export type Segment = { principalFen: string; from: IsoDate; to: IsoDate; days: number; rate: string; interestFen: string };

/** The daily rate as a fraction num/den. */
export function dailyRate(rate: Rate): { num: bigint; den: bigint; label: string } {
  if (rate.kind === 'default') return { num: 5n, den: 10_000n, label: '0.05% per day' };
  return {
    num: rate.annualMicroPercent,
    den: 100n * 1_000_000n * BigInt(rate.basis),
    label: `${microToPercent(rate.annualMicroPercent, 4)} / ${rate.basis} per day`,
  };
}

export function obligationInterest(tranches: Tranche[], payments: Payment[], rate: Rate, asOf: IsoDate) {
  const { num, den, label } = dailyRate(rate);
  const open = [...tranches]
    .filter((t) => t.amountFen > 0n)
    .sort((a, b) => a.dueOn.localeCompare(b.dueOn))
    .map((t) => ({ ...t, left: t.amountFen }));
  const segments: Segment[] = [];
  let principalDays = 0n;
  const add = (principal: bigint, dueOn: IsoDate, through: IsoDate) => {
    const days = daysBetween(dueOn, through);
    if (days <= 0 || principal <= 0n) return;
    principalDays += principal * BigInt(days);
    segments.push({
      principalFen: principal.toString(),
      from: addOneDay(dueOn),
      to: through,
      days,
      rate: label,
      interestFen: decimalString(principal * BigInt(days) * num, den),
    });
  };
  // Payments settle the earliest-due part first, in the order they were made.
  for (const payment of [...payments].filter((p) => p.on <= asOf).sort((a, b) => a.on.localeCompare(b.on))) {
    let amount = payment.amountFen;
    for (const tranche of open) {
      if (amount === 0n) break;
      const part = tranche.left < amount ? tranche.left : amount;
      if (part === 0n) continue;
      add(part, tranche.dueOn, payment.on);
      tranche.left -= part;
      amount -= part;
    }
  }
  for (const tranche of open) add(tranche.left, tranche.dueOn, asOf);
  return { segments, totalFen: roundHalfUp(principalDays * num, den), exact: decimalString(principalDays * num, den, 6) };
}

function addOneDay(date: IsoDate): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
