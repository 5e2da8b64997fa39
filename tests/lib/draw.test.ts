import { createHash, hkdfSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DrawMismatch,
  type DrawMode,
  decide,
  drandRoundTime,
  drandRoundToDraw,
  drawFactor,
  drawRuleFor,
  hashPool,
  hashRule,
  orderPool,
  type PoolMember,
  randomnessFrom,
  seedHashOf,
} from '../../src/lib/draw/index.js';

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const rule = (mode: DrawMode, fiscal = true, quoteKind: 'amount' | 'discount' = 'amount') =>
  drawRuleFor({ id: 'ann_test', mode, fiscal, quoteKind });
const fen = (label: string, amountFen: string): PoolMember => ({ label, bid: { amountFen } });
const rate = (label: string, discountRate: string): PoolMember => ({ label, bid: { discountRate } });

/** Some randomness under which the 最优价 factor drawn for this pool is k (found by trying sha256("r0"), sha256("r1"), …). */
async function randomnessWithFactor(pool: PoolMember[], k: number): Promise<string> {
  const poolHash = await hashPool(pool);
  for (let i = 0; ; i++) {
    const randomness = sha256(`r${i}`);
    if ((await drawFactor(randomness, poolHash, [95, 96, 97, 98])) === k) return randomness;
  }
}

async function bestPrice(pool: PoolMember[], k: number, quoteKind: 'amount' | 'discount' = 'amount') {
  const randomness = await randomnessWithFactor(pool, k);
  const outcome = await decide(rule('bid_best', true, quoteKind), pool, randomness, await hashPool(pool));
  expect(outcome.factor).toBe(k);
  return outcome;
}

describe('最优价 (bid_best), worked by hand', () => {
  it('bids 100 000, 96 000, 95 000, 90 000, 80 000 fen with k = 96 → 90 000 wins', async () => {
    // Drop the highest (100 000) and the lowest (80 000); average (96 000 + 95 000 + 90 000) / 3 = 93 666.67;
    // reference = 93 666.67 × 0.96 = 281 000 × 96 / 300 = 89 920 exactly.
    // Distances: 90 000 → 80; 95 000 → 5 080; 96 000 → 6 080; 80 000 → 9 920; 100 000 → 10 080.
    const pool = [fen('A', '100000'), fen('B', '96000'), fen('C', '95000'), fen('D', '90000'), fen('E', '80000')];
    const outcome = await bestPrice(pool, 96);
    expect(outcome.winner).toBe('D');
    expect(outcome.reference).toBe('89920');
    expect(outcome.ranked).toEqual([
      { label: 'D', value: '90000', distance: '80' },
      { label: 'C', value: '95000', distance: '5080' },
      { label: 'B', value: '96000', distance: '6080' },
      { label: 'E', value: '80000', distance: '9920' },
      { label: 'A', value: '100000', distance: '10080' },
    ]);
  });

  it('the same bids with k = 97: the reference is shown rounded half-up to the fen', async () => {
    // reference = 281 000 × 97 / 300 = 90 856.666… → shown as 90 857; 90 000 is 856.67 away (shown 857).
    const pool = [fen('A', '100000'), fen('B', '96000'), fen('C', '95000'), fen('D', '90000'), fen('E', '80000')];
    const outcome = await bestPrice(pool, 97);
    expect(outcome).toMatchObject({ winner: 'D', reference: '90857' });
    expect(outcome.ranked?.[0]).toEqual({ label: 'D', value: '90000', distance: '857' });
  });

  it('discount rates: 0.9, 0.88, 0.850, 0.8200, 0.8 with k = 97 → 0.8200 wins (mixed scales compared exactly)', async () => {
    // Drop 0.9 and 0.8; average (0.88 + 0.85 + 0.82) / 3 = 0.85; reference = 0.85 × 0.97 = 0.8245.
    // Distances: 0.82 → 0.0045; 0.80 → 0.0245; 0.85 → 0.0255; 0.88 → 0.0555; 0.90 → 0.0755.
    const pool = [rate('A', '0.9'), rate('B', '0.88'), rate('C', '0.850'), rate('D', '0.8200'), rate('E', '0.8')];
    const outcome = await bestPrice(pool, 97, 'discount');
    expect(outcome.winner).toBe('D');
    expect(outcome.reference).toBe('0.8245');
    expect(outcome.ranked?.map((r) => [r.label, r.distance])).toEqual([
      ['D', '0.0045'],
      ['E', '0.0245'],
      ['C', '0.0255'],
      ['B', '0.0555'],
      ['A', '0.0755'],
    ]);
  });

  it('two bids equally close to the reference: the lower bid wins', async () => {
    // Drop 120 000 and 80 000; average (94 000 + 98 000 + 108 000) / 3 = 100 000; k = 96 → reference 96 000.
    // 94 000 and 98 000 are both 2 000 away: the lower, 94 000, wins.
    const pool = [fen('A', '120000'), fen('B', '108000'), fen('C', '98000'), fen('D', '94000'), fen('E', '80000')];
    const outcome = await bestPrice(pool, 96);
    expect(outcome).toMatchObject({ winner: 'D', reference: '96000' });
    expect(outcome.ranked?.slice(0, 2)).toEqual([
      { label: 'D', value: '94000', distance: '2000' },
      { label: 'C', value: '98000', distance: '2000' },
    ]);
  });

  it('equal bids closest to the reference: the draw order decides, and either can win', async () => {
    // Drop 120 000 and 80 000; average (94 000 + 94 000 + 112 000) / 3 = 100 000; k = 96 → reference 96 000.
    // B and C both bid 94 000 (2 000 away); whichever comes first in the draw order wins.
    const pool = [fen('A', '120000'), fen('B', '94000'), fen('C', '94000'), fen('D', '112000'), fen('E', '80000')];
    const poolHash = await hashPool(pool);
    const winners = new Set<string>();
    for (let i = 0; i < 40 && winners.size < 2; i++) {
      const randomness = sha256(`tie${i}`);
      const outcome = await decide(rule('bid_best'), pool, randomness, poolHash);
      expect(outcome.reference).toBe(`${(300000 * outcome.factor!) / 300}`);
      if (outcome.factor !== 96) continue;
      const first = outcome.order.find((l) => l === 'B' || l === 'C');
      expect(outcome.winner).toBe(first);
      winners.add(outcome.winner!);
    }
    expect(winners).toEqual(new Set(['B', 'C']));
  });

  it('fewer than 3 bids fails; a non-财政 announcement with exactly one bid goes to it', async () => {
    const randomness = sha256('x');
    const two = [fen('A', '100'), fen('B', '200')];
    expect((await decide(rule('bid_best', false), two, randomness, await hashPool(two))).failed?.code).toBe('too_few_bids');
    const one = [fen('A', '100'), { label: 'B' }];
    expect(await decide(rule('bid_best', false), one, randomness, await hashPool(one))).toMatchObject({
      winner: 'A',
      order: expect.any(Array),
    });
    expect((await decide(rule('bid_best', true), one, randomness, await hashPool(one))).failed?.code).toBe('too_few_bids');
  });
});

describe('最低价 (bid_lowest)', () => {
  it('the lowest amount wins; equal lowest amounts go by the draw order', async () => {
    const pool = [fen('A', '300000'), fen('B', '250000'), fen('C', '250000'), fen('D', '400000')];
    const poolHash = await hashPool(pool);
    const winners = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const outcome = await decide(rule('bid_lowest'), pool, sha256(`low${i}`), poolHash);
      expect(outcome.winner).toBe(outcome.order.find((l) => l === 'B' || l === 'C'));
      expect(outcome.ranked?.at(-1)).toEqual({ label: 'D', value: '400000' });
      winners.add(outcome.winner!);
    }
    expect(winners).toEqual(new Set(['B', 'C']));
  });

  it('a lower discount rate is the cheaper quote, compared exactly ("0.10" equals "0.1")', async () => {
    const pool = [rate('A', '0.85'), rate('B', '0.8499'), rate('C', '0.9')];
    expect((await decide(rule('bid_lowest', true, 'discount'), pool, sha256('d'), await hashPool(pool))).winner).toBe('B');
    const tied = [rate('A', '0.10'), rate('B', '0.1'), rate('C', '0.3')];
    const outcome = await decide(rule('bid_lowest', true, 'discount'), tied, sha256('d'), await hashPool(tied));
    expect(outcome.winner).toBe(outcome.order.find((l) => l !== 'C'));
  });

  it('财政资金 needs 3 valid bids; bids of the other quote kind do not count', async () => {
    const pool = [rate('A', '0.85'), rate('B', '0.80'), fen('C', '1000')];
    const outcome = await decide(rule('bid_lowest', true, 'discount'), pool, sha256('k'), await hashPool(pool));
    expect(outcome).toMatchObject({ winner: null, failed: { code: 'too_few_bids' } });
    expect(outcome.order).toHaveLength(3);
    expect((await decide(rule('bid_lowest', false, 'discount'), pool, sha256('k'), await hashPool(pool))).winner).toBe('B');
  });
});

describe('random draw and credit first', () => {
  it('财政资金 random draw with 2 eligible fails; with 3 the first in order wins; non-财政 with 1 goes to it', async () => {
    const two = [{ label: 'A' }, { label: 'B' }];
    expect(await decide(rule('random'), two, sha256('a'), await hashPool(two))).toMatchObject({
      winner: null,
      failed: { code: 'pool_too_small' },
    });
    const three = [...two, { label: 'C' }];
    const outcome = await decide(rule('random'), three, sha256('a'), await hashPool(three));
    expect(outcome.winner).toBe(outcome.order[0]);
    expect((await decide(rule('random', false), [{ label: 'A' }], sha256('a'), await hashPool([{ label: 'A' }]))).winner).toBe('A');
  });

  it('credit first: long list of the 5 best scores plus ties with the fifth, short list of 3 in draw order', async () => {
    const scores = { A: 90, B: 88, C: 88, D: 85, E: 80, F: 80, G: 70 };
    const pool = Object.entries(scores).map(([label, score]) => ({ label, score }));
    const outcome = await decide(rule('credit_first'), pool, sha256('c'), await hashPool(pool));
    expect(new Set(outcome.longList)).toEqual(new Set(['A', 'B', 'C', 'D', 'E', 'F']));
    expect(outcome.shortlist).toEqual(outcome.order.filter((l) => l !== 'G').slice(0, 3));
    expect(outcome.winner).toBeNull();
    const one = [{ label: 'A', score: 90 }];
    expect((await decide(rule('credit_first', false), one, sha256('c'), await hashPool(one))).failed?.code).toBe('pool_too_small');
  });
});

describe('the order and the sources', () => {
  it('each key is HKDF-SHA256(randomness, salt = pool hash, info = label), ordered ascending, whatever the input order', async () => {
    const pool = [{ label: '91350100M000100Y43' }, { label: '91110000600037341L' }, { label: 'C' }];
    const poolHash = await hashPool(pool);
    expect(await hashPool([...pool].reverse())).toBe(poolHash);
    const randomness = sha256('order');
    const ordered = await orderPool(
      randomness,
      poolHash,
      pool.map((m) => m.label),
    );
    expect(await orderPool(randomness, poolHash, ['C', '91110000600037341L', '91350100M000100Y43'])).toEqual(ordered);
    for (const { label, key } of ordered) {
      const expected = Buffer.from(hkdfSync('sha256', Buffer.from(randomness, 'hex'), Buffer.from(poolHash, 'hex'), label, 32));
      expect(key).toBe(expected.toString('hex'));
    }
    expect(ordered.map((k) => k.key)).toEqual(ordered.map((k) => k.key).sort());
  });

  it('commit-reveal: seedHash is sha256 of the seed hex text; randomness is sha256 of {nonces by label, seed}', async () => {
    const seed = '0f'.repeat(32);
    const seedHash = await seedHashOf(seed);
    expect(seedHash).toBe(sha256(seed));
    const nonces = [
      { label: 'B', nonce: 'n-b' },
      { label: 'A', nonce: 'n-a' },
    ];
    const expected = sha256(`{"nonces":[{"label":"A","nonce":"n-a"},{"label":"B","nonce":"n-b"}],"seed":"${seed}"}`);
    expect(await randomnessFrom({ type: 'commit-reveal', seedHash }, { type: 'commit-reveal', seed, nonces })).toBe(expected);
    await expect(
      randomnessFrom({ type: 'commit-reveal', seedHash }, { type: 'commit-reveal', seed: '0e'.repeat(32), nonces }),
    ).rejects.toThrow(DrawMismatch);
  });

  it('the rule hash is sha256 of the canonical JSON of the rule', async () => {
    const r = rule('bid_best');
    expect(await hashRule(r)).toBe(
      sha256(
        '{"announcementId":"ann_test","factors":[95,96,97,98],"fiscal":true,"function":"hkdf-sha256-v1","minimumPool":3,"mode":"bid_best","quoteKind":"amount"}',
      ),
    );
  });
});

describe('the drand round a draw uses', () => {
  // quicknet: genesis 1692803367, 3-second rounds; round 20 791 007 is published at 2025-08-14T12:59:45Z.
  const chain = { genesisTime: 1692803367, period: 3, round: 20791007 };
  const at = (iso: string) => drandRoundToDraw(chain, new Date(iso));

  it('is the committed round while the pool is fixed before that round is published', () => {
    expect(drandRoundTime(chain, 20791007)).toBe('2025-08-14T12:59:45.000Z');
    expect(at('2025-08-14T12:00:00Z')).toBe(20791007);
    expect(at('2025-08-14T12:59:44.999Z')).toBe(20791007);
  });

  it('is the first round published strictly after the pool was fixed once the committed one is public', () => {
    expect(at('2025-08-14T12:59:45Z')).toBe(20791008); // the committed round is out at that very instant
    expect(at('2025-08-14T12:59:47.999Z')).toBe(20791008);
    expect(at('2025-08-14T12:59:48Z')).toBe(20791009);
    expect(at('2025-08-18T12:14:43Z')).toBe(20905307);
    for (const iso of ['2025-08-14T12:59:45Z', '2025-08-15T00:00:00.123Z', '2026-01-01T00:00:00Z'])
      expect(Date.parse(drandRoundTime(chain, at(iso)))).toBeGreaterThan(Date.parse(iso));
  });
});
