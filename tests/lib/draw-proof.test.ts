import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildProof,
  type DrawMode,
  type DrawProof,
  drawRuleFor,
  type PoolMember,
  seedHashOf,
  verifyProof,
} from '../../src/lib/draw/index.js';

const hex32 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex'));
const label = fc.stringMatching(/^9[0-9A-HJ-NPQRTUWXY]{17}$/);
const amount = fc.bigInt({ min: 1n, max: 10n ** 12n }).map(String);
const discountRate = fc.integer({ min: 1, max: 9999 }).map((n) => `0.${String(n).padStart(4, '0')}`);

const drawCase = fc
  .record({
    mode: fc.constantFrom<DrawMode>('random', 'bid_lowest', 'bid_best', 'credit_first'),
    fiscal: fc.boolean(),
    quoteKind: fc.constantFrom<'amount' | 'discount'>('amount', 'discount'),
    labels: fc.uniqueArray(label, { minLength: 0, maxLength: 8 }),
    seed: hex32,
    nonceSalt: fc.string({ minLength: 1, maxLength: 12 }),
  })
  .chain((c) =>
    fc.record({
      c: fc.constant(c),
      quotes: fc.array(c.quoteKind === 'amount' ? amount : discountRate, { minLength: c.labels.length, maxLength: c.labels.length }),
      scores: fc.array(fc.integer({ min: 0, max: 100 }), { minLength: c.labels.length, maxLength: c.labels.length }),
    }),
  );

type DrawCase = typeof drawCase extends fc.Arbitrary<infer T> ? T : never;

async function proofFor({ c, quotes, scores }: DrawCase): Promise<DrawProof> {
  const pool: PoolMember[] = c.labels.map((l, i) => ({
    label: l,
    ...(c.mode.startsWith('bid') ? { bid: c.quoteKind === 'amount' ? { amountFen: quotes[i] } : { discountRate: quotes[i] } } : {}),
    ...(c.mode === 'credit_first' ? { score: scores[i] } : {}),
  }));
  return buildProof({
    selectionId: 'sel_prop',
    announcement: {
      id: 'ann_prop',
      publishedAt: '2026-03-02T01:00:00.000Z',
      signupDeadline: '2026-03-12T09:00:00.000Z',
      selectionAt: '2026-03-13T02:00:00.000Z',
    },
    rule: drawRuleFor({ id: 'ann_prop', mode: c.mode, fiscal: c.fiscal, quoteKind: c.quoteKind }),
    commitment: { type: 'commit-reveal', seedHash: await seedHashOf(c.seed) },
    reveal: { type: 'commit-reveal', seed: c.seed, nonces: c.labels.map((l) => ({ label: l, nonce: `${c.nonceSalt}-${l}` })) },
    pool: [...pool].reverse(),
    poolFixedAt: '2026-03-13T02:00:00.000Z',
    madeAt: '2026-03-13T02:00:05.000Z',
  });
}

type Tamper = { name: string; apply(p: DrawProof): boolean };

/** One change each; `apply` returns false where the change does not apply to this proof (e.g. no bids). */
const tampers: Tamper[] = [
  { name: 'pool reordered', apply: (p) => p.pool.length >= 2 && Boolean(p.pool.reverse()) },
  { name: 'pool member removed', apply: (p) => p.pool.length >= 1 && Boolean(p.pool.pop()) },
  { name: 'pool member added', apply: (p) => p.pool.push({ label: 'ZZZ-ADDED' }) > 0 },
  {
    name: 'seed changed',
    apply: (p) => {
      if (p.reveal.type !== 'commit-reveal') return false;
      p.reveal.seed = flip(p.reveal.seed);
      return true;
    },
  },
  {
    name: 'a nonce changed',
    apply: (p) => {
      const nonce = p.reveal.type === 'commit-reveal' ? p.reveal.nonces[0] : undefined;
      if (!nonce) return false;
      nonce.nonce += '!';
      return true;
    },
  },
  {
    name: 'randomness changed',
    apply: (p) => {
      p.randomness = flip(p.randomness);
      return true;
    },
  },
  {
    name: 'pool hash changed',
    apply: (p) => {
      p.poolHash = flip(p.poolHash);
      return true;
    },
  },
  {
    name: 'seed hash changed',
    apply: (p) => {
      if (p.commitment.type !== 'commit-reveal') return false;
      p.commitment.seedHash = flip(p.commitment.seedHash);
      return true;
    },
  },
  {
    name: 'rule changed',
    apply: (p) => {
      p.rule.fiscal = !p.rule.fiscal;
      return true;
    },
  },
  {
    name: 'rule hash changed',
    apply: (p) => {
      p.ruleHash = flip(p.ruleHash);
      return true;
    },
  },
  {
    name: 'a bid changed',
    apply: (p) => {
      const bid = p.pool.find((m) => m.bid)?.bid;
      if (!bid) return false;
      if (bid.amountFen) bid.amountFen = String(BigInt(bid.amountFen) + 1n);
      else bid.discountRate = bid.discountRate === '0.0001' ? '0.0002' : '0.0001';
      return true;
    },
  },
  {
    name: 'another winner named',
    apply: (p) => {
      const other = p.pool.find((m) => m.label !== p.outcome.winner);
      p.outcome.winner = other ? other.label : 'ZZZ-NOBODY';
      return true;
    },
  },
  {
    name: 'pool dated before sign-up closed',
    apply: (p) => {
      p.poolFixedAt = '2026-03-12T08:59:59.000Z';
      return true;
    },
  },
  {
    name: 'pool dated after the draw',
    apply: (p) => {
      p.poolFixedAt = '2026-03-13T02:00:06.000Z';
      return true;
    },
  },
  { name: 'order changed', apply: (p) => p.outcome.order.length >= 2 && Boolean(p.outcome.order.reverse()) },
];

function flip(hex: string): string {
  return (hex[0] === '0' ? '1' : '0') + hex.slice(1);
}

describe('draw proofs', () => {
  it('a built proof verifies, and fails with any one input changed', async () => {
    await fc.assert(
      fc.asyncProperty(drawCase, async (input) => {
        const proof = await proofFor(input);
        const verified = await verifyProof(JSON.parse(JSON.stringify(proof)));
        expect(verified.problems).toEqual([]);
        expect(verified.outcome).toEqual(proof.outcome);
        expect(proof.outcome.order).toHaveLength(proof.pool.length);
        for (const tamper of tampers) {
          const copy: DrawProof = structuredClone(proof);
          if (!tamper.apply(copy)) continue;
          const result = await verifyProof(copy);
          expect(result.ok, `${tamper.name} went unnoticed`).toBe(false);
          expect(result.problems.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('names the problem in plain words', async () => {
    const proof = await proofFor({
      c: { mode: 'random', fiscal: true, quoteKind: 'amount', labels: ['A1', 'B2', 'C3', 'D4'], seed: 'ab'.repeat(32), nonceSalt: 'n' },
      quotes: [],
      scores: [],
    });
    const other = proof.outcome.order[1]!;
    const named = { ...proof, outcome: { ...proof.outcome, winner: other } };
    expect((await verifyProof(named)).problems).toEqual([`the proof names "${other}" as winner; recomputed: "${proof.outcome.winner}"`]);
    const reordered = { ...proof, pool: [...proof.pool].reverse() };
    expect((await verifyProof(reordered)).problems).toEqual(['the pool is not in label order: it was reordered']);
    const reseeded = { ...proof, reveal: { ...proof.reveal, seed: 'cd'.repeat(32) } };
    expect((await verifyProof(reseeded)).problems[0]).toContain('does not hash to the committed seedHash');
    expect((await verifyProof({ format: 'something else' })).ok).toBe(false);
  });
});
