import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.js';
import { createDrawSources } from '../../src/features/announcements/index.js';
import { buildProof, drawRuleFor, type SourceCommitment, type SourceReveal, verifyProof } from '../../src/lib/draw/index.js';

/**
 * A real beacon of drand's quicknet (chain 52db9b…e971), round 20 791 007, published 2025-08-14T12:59:45Z
 * (= genesis 1692803367 + (20791007 − 1) × 3 s); randomness = sha256(signature). The relays are local
 * HTTP servers on the loopback interface serving it the way the drand HTTP API does.
 */
const QUICKNET = '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971';
const ROUND = 20791007;
const ROUND_TIME = '2025-08-14T12:59:45.000Z';
const BEACON = {
  round: ROUND,
  randomness: 'f4ad45db792e14676c62891989b804504e09bf0029cd472143d958649ab3c88a',
  signature: '8d2c8bbc37170dbacc5e280a21d4e195cff5f32a19fd6a58633fa4e4670478b5fb39bc13dd8f8c4372c5a76191198ac5',
};
// The chain's real signature of another round (20 905 307): a valid point, but not this round's signature.
const OTHER_ROUND_SIGNATURE = '8a60486975062d9f06633c284cf1a7b46fb343f56f329f180530ca40a9e86320244f4fbfc37ae866cf25ef499665a31f';
// That later round as a beacon: published 2025-08-18T12:14:45Z, the round a selection whose pool was fixed
// in the 3 seconds before then must draw (randomness = sha256 of the signature).
const LATE_ROUND = 20905307;
const LATE_ROUND_TIME = '2025-08-18T12:14:45.000Z';
const LATE_BEACON = {
  round: LATE_ROUND,
  randomness: '1e59991c53740175e0e19e9889475267c54381beea6fdd9f8c020df1656cb90e',
  signature: OTHER_ROUND_SIGNATURE,
};

type Relay = { url: string; hits: string[]; answer: { status: number; body: unknown } };
const servers: Server[] = [];

async function relay(answer: Relay['answer']): Promise<Relay> {
  const r: Relay = { url: '', hits: [], answer };
  const server = createServer((req, res) => {
    r.hits.push(req.url ?? '');
    const ok = req.url === `/${QUICKNET}/public/${ROUND}`;
    // A relay that serves the committed round serves the later one too (a broken one fails both).
    const late = req.url === `/${QUICKNET}/public/${LATE_ROUND}`;
    const body = late && r.answer.status === 200 ? LATE_BEACON : r.answer.body;
    res.writeHead(ok || late ? r.answer.status : 404, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok || late ? body : { error: 'not found' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return r;
}

let broken: Relay;
let good: Relay;
beforeAll(async () => {
  broken = await relay({ status: 500, body: { error: 'internal' } });
  good = await relay({ status: 200, body: BEACON });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

const sources = () => createDrawSources(loadConfig({ DRAW_SOURCE: 'drand', DRAND_URLS: `${broken.url},${good.url}` }));
const after = new Date('2025-08-14T13:00:00Z');
// The pool fixed at the selection time itself: the committed round is still the one to draw.
const onTime = { poolFixedAt: new Date('2025-08-14T12:59:43Z'), now: after };

describe('drand beacon as the randomness source', () => {
  it('is configured by DRAW_SOURCE and DRAND_*, defaulting to commit-reveal and quicknet', () => {
    expect(loadConfig({})).toMatchObject({
      DRAW_SOURCE: 'commit-reveal',
      DRAND_CHAIN_HASH: QUICKNET,
      DRAND_GENESIS_TIME: 1692803367,
      DRAND_PERIOD: 3,
    });
    expect(loadConfig({ DRAND_URLS: 'http://127.0.0.1:1/, http://127.0.0.1:2' }).DRAND_URLS).toEqual([
      'http://127.0.0.1:1',
      'http://127.0.0.1:2',
    ]);
    expect(() => loadConfig({ DRAW_SOURCE: 'dice', DRAND_URLS: 'nowhere' })).toThrow(ConfigError);
    try {
      loadConfig({ DRAW_SOURCE: 'dice', DRAND_URLS: 'nowhere' });
    } catch (error) {
      expect((error as ConfigError).problems.map((p) => p.split(':')[0])).toEqual(['DRAW_SOURCE', 'DRAND_URLS']);
    }
  });

  it('commits to the first quicknet round published after the selection time', async () => {
    const { commitment, sealedSeed } = await sources().commit(new Date('2025-08-14T12:59:43Z'));
    expect(sealedSeed).toBeNull();
    expect(commitment).toEqual({
      type: 'drand',
      chainHash: QUICKNET,
      publicKey: expect.stringMatching(/^83cf0f28/),
      scheme: 'bls-unchained-g1-rfc9380',
      genesisTime: 1692803367,
      period: 3,
      round: ROUND,
      roundTime: ROUND_TIME,
    });
    // A round published at the selection time itself is not taken: it must come strictly after.
    expect((await sources().commit(new Date('2025-08-14T12:59:42Z'))).commitment).toMatchObject({ round: ROUND });
  });

  it('answers "not yet" before the round exists, without asking any relay', async () => {
    const { commitment } = await sources().commit(new Date('2025-08-14T12:59:43Z'));
    broken.hits.length = 0;
    expect(await sources().reveal(commitment, null, [], { ...onTime, now: new Date('2025-08-14T12:59:44Z') })).toEqual({
      notYet: ROUND_TIME,
    });
    expect(broken.hits).toEqual([]);
  });

  it('skips a relay answering 500 and takes the next one’s beacon once its signature verifies', async () => {
    const { commitment } = await sources().commit(new Date('2025-08-14T12:59:43Z'));
    broken.hits.length = 0;
    good.hits.length = 0;
    const result = await sources().reveal(commitment, null, [], onTime);
    expect(result).toEqual({ reveal: { type: 'drand', ...BEACON } });
    expect(broken.hits).toEqual([`/${QUICKNET}/public/${ROUND}`]);
    expect(good.hits).toEqual([`/${QUICKNET}/public/${ROUND}`]);
  });

  it('refuses a forged signature and a changed randomness, and asks again later', async () => {
    const { commitment } = await sources().commit(new Date('2025-08-14T12:59:43Z'));
    for (const body of [
      { ...BEACON, signature: OTHER_ROUND_SIGNATURE },
      { ...BEACON, signature: `${BEACON.signature.slice(0, -2)}c6` },
      { ...BEACON, randomness: `0${BEACON.randomness.slice(1)}` },
    ]) {
      good.answer = { status: 200, body };
      const result = await sources().reveal(commitment, null, [], onTime);
      expect(result).toMatchObject({ notYet: '2025-08-14T13:00:30.000Z' });
      expect('problems' in result && result.problems).toEqual([
        `${broken.url}: HTTP 500`,
        expect.stringMatching(/does not verify|not sha256/),
      ]);
    }
    good.answer = { status: 200, body: BEACON };
  });

  it('a commit-reveal announcement still reveals its own seed after the source changed to drand', async () => {
    const before = createDrawSources(loadConfig({}));
    const { commitment, sealedSeed } = await before.commit(new Date('2026-01-10T02:00:00Z'));
    expect(commitment.type).toBe('commit-reveal');
    expect(sealedSeed).toMatch(/^[0-9a-f]{64}$/);
    const nonces = [{ label: 'A', nonce: 'n' }];
    expect(await sources().reveal(commitment, sealedSeed, nonces, onTime)).toEqual({
      reveal: { type: 'commit-reveal', seed: sealedSeed, nonces },
    });
    await expect(sources().reveal(commitment, 'ab'.repeat(32), nonces, onTime)).rejects.toThrow(/seedHash/);
  });
});

describe('a drand proof, checked offline', () => {
  const announcement = {
    id: 'ann_drand',
    publishedAt: '2025-08-01T01:00:00.000Z',
    signupDeadline: '2025-08-14T09:00:00.000Z',
    selectionAt: '2025-08-14T12:59:43.000Z',
  };
  async function drandProof() {
    const { commitment } = await sources().commit(new Date(announcement.selectionAt));
    const result = await sources().reveal(commitment, null, [], onTime);
    if (!('reveal' in result)) throw new Error('no beacon');
    return buildProof({
      selectionId: 'sel_drand',
      announcement,
      rule: drawRuleFor({ id: announcement.id, mode: 'random', fiscal: true, quoteKind: 'amount' }),
      commitment,
      reveal: result.reveal,
      pool: ['91350100M000100Y43', '91110000600037341L', '91440300MA5FXXXX1X'].map((label) => ({ label })),
      poolFixedAt: '2025-08-14T12:59:43.000Z',
      madeAt: '2025-08-14T13:00:00.000Z',
    });
  }

  it('verifies from the proof alone, with the beacon randomness', async () => {
    const proof = await drandProof();
    expect(proof.randomness).toBe(BEACON.randomness);
    const result = await verifyProof(JSON.parse(JSON.stringify(proof)));
    expect(result).toMatchObject({ ok: true, problems: [] });
    expect(result.outcome?.winner).toBe(proof.outcome.order[0]);
  });

  it('fails when the beacon, its round time or the chain key is changed, or the round was known before sign-up closed', async () => {
    const proof = await drandProof();
    const commitment = proof.commitment as Extract<SourceCommitment, { type: 'drand' }>;
    const reveal = proof.reveal as Extract<SourceReveal, { type: 'drand' }>;
    const cases: [object, RegExp][] = [
      [{ reveal: { ...reveal, signature: OTHER_ROUND_SIGNATURE } }, /does not verify/],
      [{ reveal: { ...reveal, randomness: BEACON.randomness.replace('f4', 'f5') } }, /not sha256 of its signature/],
      [{ commitment: { ...commitment, roundTime: '2025-08-14T12:59:48.000Z' } }, /is published at 2025-08-14T12:59:45.000Z/],
      [{ commitment: { ...commitment, publicKey: `${commitment.publicKey.slice(0, -1)}b` } }, /public key is not that of drand chain/],
      [
        { announcement: { ...announcement, signupDeadline: '2025-08-14T12:59:45.000Z', selectionAt: '2025-08-14T12:59:45.000Z' } },
        /not after the sign-up deadline/,
      ],
      // The pool dated once the committed round was public: that round may no longer be drawn.
      [{ poolFixedAt: ROUND_TIME }, /beacon is of drand round 20791007, but the round to draw is 20791008/],
      [{ poolFixedAt: ROUND_TIME }, /drand round 20791007 \(2025-08-14T12:59:45.000Z\) was already public when the pool was fixed/],
    ];
    for (const [change, problem] of cases) {
      const result = await verifyProof({ ...proof, ...change });
      expect(result.ok).toBe(false);
      expect(result.problems.join('\n')).toMatch(problem);
    }
  });
});

describe('a selection run after its committed round was published', () => {
  // The pool is fixed four days after the committed round: that beacon was public, so the draw must
  // take the first round published strictly after the pool was fixed (20 905 307), never the committed one.
  const announcement = {
    id: 'ann_late',
    publishedAt: '2025-08-01T01:00:00.000Z',
    signupDeadline: '2025-08-14T09:00:00.000Z',
    selectionAt: '2025-08-14T12:59:43.000Z',
  };
  const fixedAt = (iso: string) => ({ poolFixedAt: new Date(iso), now: new Date('2025-08-18T12:15:00Z') });

  it('waits for the first round strictly after the pool was fixed, then fetches that round, not the committed one', async () => {
    const { commitment } = await sources().commit(new Date(announcement.selectionAt));
    expect(commitment).toMatchObject({ round: ROUND });
    good.hits.length = 0;
    broken.hits.length = 0;
    const early = await sources().reveal(commitment, null, [], {
      poolFixedAt: new Date('2025-08-18T12:14:43Z'),
      now: new Date('2025-08-18T12:14:44Z'),
    });
    expect(early).toEqual({ notYet: LATE_ROUND_TIME });
    expect([...good.hits, ...broken.hits]).toEqual([]);
    // Fixed at the very second round 20 905 306 was published: that round counts as known, the next is drawn.
    for (const at of ['2025-08-18T12:14:42.000Z', '2025-08-18T12:14:44.999Z']) {
      good.hits.length = 0;
      expect(await sources().reveal(commitment, null, [], fixedAt(at))).toEqual({ reveal: { type: 'drand', ...LATE_BEACON } });
      expect(good.hits).toEqual([`/${QUICKNET}/public/${LATE_ROUND}`]);
    }
  });

  it('builds a proof that verifies with the later round, and refuses the committed round or a pool dated later', async () => {
    const { commitment } = await sources().commit(new Date(announcement.selectionAt));
    const result = await sources().reveal(commitment, null, [], fixedAt('2025-08-18T12:14:43.000Z'));
    if (!('reveal' in result)) throw new Error('no beacon');
    const input = {
      selectionId: 'sel_late',
      announcement,
      rule: drawRuleFor({ id: announcement.id, mode: 'random', fiscal: true, quoteKind: 'amount' }),
      commitment,
      reveal: result.reveal,
      pool: ['91350100M000100Y43', '91110000600037341L', '91440300MA5FXXXX1X'].map((label) => ({ label })),
      poolFixedAt: '2025-08-18T12:14:43.000Z',
      madeAt: '2025-08-18T12:15:00.000Z',
    };
    const proof = await buildProof(input);
    expect(proof.randomness).toBe(LATE_BEACON.randomness);
    expect(proof.explanation).toContain(`${LATE_ROUND}`);
    expect(await verifyProof(JSON.parse(JSON.stringify(proof)))).toMatchObject({ ok: true, problems: [] });
    // The committed round's beacon, public when this pool was fixed, is refused.
    await expect(buildProof({ ...input, reveal: { type: 'drand', ...BEACON } })).rejects.toThrow(
      /beacon is of drand round 20791007, but the round to draw is 20905307.*was already public when the pool was fixed/,
    );
    // Claiming the pool was fixed later (after the round it drew was out) is caught.
    const redated = await verifyProof({ ...proof, poolFixedAt: LATE_ROUND_TIME });
    expect(redated.ok).toBe(false);
    expect(redated.problems).toEqual([
      `the beacon is of drand round ${LATE_ROUND}, but the round to draw is ${LATE_ROUND + 1}: the committed round ${ROUND} or, if later, ` +
        `the first round published strictly after the pool was fixed at ${LATE_ROUND_TIME}`,
      `drand round ${LATE_ROUND} (${LATE_ROUND_TIME}) was already public when the pool was fixed at ${LATE_ROUND_TIME}`,
    ]);
  });
});
