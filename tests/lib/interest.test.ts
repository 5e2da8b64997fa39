import { describe, expect, it } from 'vitest';
import { obligationInterest } from '../../src/features/arrears/interest.js';
import { microToPercent, percentToMicro, roundHalfUp } from '../../src/lib/money.js';

const agreed = (percent: string, basis: 365 | 360 = 365) => ({
  kind: 'agreed' as const,
  annualMicroPercent: percentToMicro(percent),
  basis,
});

describe('late interest, worked by hand', () => {
  it('default rate 0.05% a day on 100,000.00 yuan unpaid for 10 days = 500.00 yuan', () => {
    // Due 2026-02-04; asOf 2026-02-14: days 02-05 … 02-14 inclusive = 10.
    const r = obligationInterest([{ dueOn: '2026-02-04', amountFen: 10_000_000n }], [], { kind: 'default' }, '2026-02-14');
    expect(r.segments).toEqual([
      { principalFen: '10000000', from: '2026-02-05', to: '2026-02-14', days: 10, rate: '0.05% per day', interestFen: '50000.0000' },
    ]);
    expect(r.totalFen).toBe(50_000n);
  });

  it('agreed 3.65% a year / 365 on 1,000,000 fen for 30 days = 3,000 fen', () => {
    const r = obligationInterest([{ dueOn: '2026-03-01', amountFen: 1_000_000n }], [], agreed('3.65'), '2026-03-31');
    expect(r.totalFen).toBe(3_000n); // 1,000,000 × 30 × 0.0365 / 365
  });

  it('a partial payment stops interest on its amount after its date', () => {
    // 600,000 fen due 2026-01-10; 200,000 paid 2026-01-20 (10 days late); the rest unpaid to 2026-01-31 (21 days).
    const r = obligationInterest(
      [{ dueOn: '2026-01-10', amountFen: 600_000n }],
      [{ on: '2026-01-20', amountFen: 200_000n }],
      { kind: 'default' },
      '2026-01-31',
    );
    expect(r.segments.map((s) => [s.principalFen, s.from, s.to, s.days])).toEqual([
      ['200000', '2026-01-11', '2026-01-20', 10],
      ['400000', '2026-01-11', '2026-01-31', 21],
    ]);
    expect(r.totalFen).toBe(1_000n + 4_200n); // 200,000 × 10 × 0.0005 + 400,000 × 21 × 0.0005
  });

  it('divides by 365 in a leap year too, or by 360 when the contract says so', () => {
    // 2028-02-28 → 2028-03-01 spans 29 February: 2 days.
    const leap = obligationInterest([{ dueOn: '2028-02-28', amountFen: 36_500_000n }], [], agreed('3.6'), '2028-03-01');
    expect(leap.segments[0]!.days).toBe(2);
    expect(leap.totalFen).toBe(7_200n); // 36,500,000 × 2 × 0.036 / 365
    const bank = obligationInterest([{ dueOn: '2028-02-28', amountFen: 36_000_000n }], [], agreed('3.6', 360), '2028-03-01');
    expect(bank.totalFen).toBe(7_200n); // 36,000,000 × 2 × 0.036 / 360
  });

  it('rounds half-up once per obligation, not per segment', () => {
    // Two segments of 0.5 fen each: per-segment rounding would give 2, once gives 1.
    const r = obligationInterest(
      [{ dueOn: '2026-01-01', amountFen: 2_000n }],
      [{ on: '2026-01-02', amountFen: 1_000n }],
      { kind: 'default' },
      '2026-01-02',
    );
    expect(r.segments.map((s) => s.interestFen)).toEqual(['0.5000', '0.5000']);
    expect(r.totalFen).toBe(1n);
    expect(roundHalfUp(5n, 10n)).toBe(1n);
    expect(roundHalfUp(4n, 10n)).toBe(0n);
  });

  it('charges nothing before the due date and ignores payments after asOf', () => {
    const r = obligationInterest(
      [{ dueOn: '2026-05-01', amountFen: 1_000n }],
      [{ on: '2026-06-01', amountFen: 1_000n }],
      { kind: 'default' },
      '2026-04-30',
    );
    expect(r.totalFen).toBe(0n);
    expect(r.segments).toEqual([]);
  });

  it('names rates as percentages with two decimals', () => {
    expect(microToPercent(percentToMicro('2.5'))).toBe('2.50%');
    expect(microToPercent(percentToMicro('3'))).toBe('3.00%');
    expect(microToPercent(percentToMicro('3.105'))).toBe('3.11%');
  });
});
