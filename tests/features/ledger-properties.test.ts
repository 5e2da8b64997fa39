import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness } from '../helpers/harness.js';

/** Random sequences of postings against the real ledger: its invariants hold after every step. */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
let finance: string;

beforeAll(async () => {
  h = await createHarness({ clock });
  finance = await h.tokens.sign('finance', { sub: 'finance:props' });
});
afterAll(async () => {
  await h.close();
});

type Op =
  | { kind: 'payment'; amount: number }
  | { kind: 'adjust'; direction: 'debit' | 'credit'; amount: number }
  | { kind: 'reverse'; pick: number }
  | { kind: 'replay'; pick: number };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('payment' as const), amount: fc.integer({ min: 1, max: 400_000 }) }),
  fc.record({
    kind: fc.constant('adjust' as const),
    direction: fc.constantFrom('debit' as const, 'credit' as const),
    amount: fc.integer({ min: 1, max: 200_000 }),
  }),
  fc.record({ kind: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ kind: fc.constant('replay' as const), pick: fc.nat() }),
);

const countPostings = async (contractId: string) =>
  Number((await sql<{ n: string }>`SELECT count(*) AS n FROM arrears.postings WHERE contract_id = ${contractId}`.execute(h.db)).rows[0]!.n);

describe('ledger properties', () => {
  it('never lets outstanding go negative, keeps the balance equal to the sum of postings, and replays change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { minLength: 1, maxLength: 10 }), async (ops) => {
        const c = await newContract(h, finance);
        const { obligationId } = await event(h, finance, c.id, { type: 'delivery', on: '2026-03-02', amountFen: 500_000 });
        const done: { key: string; body: Record<string, unknown>; response: unknown; postingIds: string[] }[] = [];
        let n = 0;
        for (const o of ops) {
          n += 1;
          if (o.kind === 'replay') {
            if (!done.length) continue;
            const earlier = done[o.pick % done.length]!;
            const before = await countPostings(c.id);
            const res = await postTo(h, finance, c.id, earlier.body, earlier.key);
            expect(res.status).toBe(201);
            expect({ ...res.body, replayed: false }).toEqual(earlier.response);
            expect(await countPostings(c.id)).toBe(before);
          } else {
            const body: Record<string, unknown> =
              o.kind === 'payment'
                ? { type: 'payment', amountFen: o.amount, on: '2026-06-01' }
                : o.kind === 'adjust'
                  ? {
                      type: 'adjustment',
                      direction: o.direction,
                      amountFen: o.amount,
                      obligationId,
                      on: '2026-06-01',
                      reason: 'r',
                      approver: 'a',
                    }
                  : {
                      type: 'reversal',
                      reverses: done.length ? done[o.pick % done.length]!.postingIds[0] : 'pst_00000000000000000000000000',
                      on: '2026-06-02',
                      reason: 'r',
                    };
            const key = `${c.id}-${n}`;
            const res = await postTo(h, finance, c.id, body, key);
            expect([201, 400, 409]).toContain(res.status);
            if (res.status === 201)
              done.push({ key, body, response: res.body, postingIds: res.body.postings.map((p: { id: string }) => p.id) });
          }
          const detail = (await h.request('GET', `/api/v1/arrears/contracts/${c.id}`, { token: finance })).body;
          for (const ob of detail.obligations) expect(BigInt(ob.outstandingFen) >= 0n).toBe(true);
          const sum = await sql<{
            s: string;
          }>`SELECT coalesce(sum(CASE direction WHEN 'debit' THEN amount_fen ELSE -amount_fen END), 0)::text AS s
          FROM arrears.postings WHERE contract_id = ${c.id} AND account = 'principal'`.execute(h.db);
          expect(detail.outstandingFen).toBe(sum.rows[0]!.s);
        }
      }),
      { numRuns: 12 },
    );
  });
});
