import type { Config } from '../../config.js';
import {
  DRAND_SCHEME,
  DrawMismatch,
  drandRoundAfter,
  drandRoundTime,
  drandRoundToDraw,
  randomnessFrom,
  type SourceCommitment,
  type SourceReveal,
  seedHashOf,
} from '../../lib/draw/index.js';

/**
 * Where a draw's randomness comes from (the I/O half of lib/draw). `commit` runs when the announcement
 * is published: it names randomness that does not exist yet. `reveal` runs at the draw, after the pool
 * was fixed: a drand reveal fetches the round `drandRoundToDraw(commitment, poolFixedAt)` (the committed
 * one, or the first published strictly after the pool was fixed when the selection runs late), so the
 * pool is never judged once its beacon is public. A reveal follows the commitment's own type, so
 * announcements committed before a change of DRAW_SOURCE still draw.
 */
export type DrawSources = {
  commit(selectionAt: Date): Promise<{ commitment: SourceCommitment; sealedSeed: string | null }>;
  reveal(
    commitment: SourceCommitment,
    sealedSeed: string | null,
    nonces: { label: string; nonce: string }[],
    at: { poolFixedAt: Date; now: Date },
  ): Promise<{ reveal: SourceReveal } | { notYet: string; problems?: string[] }>;
};

export type DrawSourceConfig = Pick<
  Config,
  'DRAW_SOURCE' | 'DRAND_URLS' | 'DRAND_CHAIN_HASH' | 'DRAND_PUBLIC_KEY' | 'DRAND_GENESIS_TIME' | 'DRAND_PERIOD'
>;

/** How long to wait before asking the relays again when none gave a beacon that verifies. */
const RELAY_RETRY_MS = 30_000;
const RELAY_TIMEOUT_MS = 5_000;

export function createDrawSources(config: DrawSourceConfig, fetchImpl: typeof fetch = fetch): DrawSources {
  const chain = {
    chainHash: config.DRAND_CHAIN_HASH,
    publicKey: config.DRAND_PUBLIC_KEY,
    scheme: DRAND_SCHEME,
    genesisTime: config.DRAND_GENESIS_TIME,
    period: config.DRAND_PERIOD,
  };
  return {
    async commit(selectionAt) {
      if (config.DRAW_SOURCE === 'drand') {
        const round = drandRoundAfter(chain, selectionAt);
        return { commitment: { type: 'drand', ...chain, round, roundTime: drandRoundTime(chain, round) }, sealedSeed: null };
      }
      const seed = randomSeed();
      return { commitment: { type: 'commit-reveal', seedHash: await seedHashOf(seed) }, sealedSeed: seed };
    },

    async reveal(commitment, sealedSeed, nonces, { poolFixedAt, now }) {
      if (commitment.type === 'commit-reveal') {
        if (!sealedSeed) throw new DrawMismatch('the sealed seed of this commit-reveal draw is missing');
        const reveal: SourceReveal = {
          type: 'commit-reveal',
          seed: sealedSeed,
          nonces: nonces.map(({ label, nonce }) => ({ label, nonce })),
        };
        await randomnessFrom(commitment, reveal); // the seed kept must be the one committed
        return { reveal };
      }
      const round = drandRoundToDraw(commitment, poolFixedAt);
      const roundTime = drandRoundTime(commitment, round);
      if (now.getTime() < Date.parse(roundTime)) return { notYet: roundTime };
      return fetchBeacon(config.DRAND_URLS, commitment, round, now, fetchImpl);
    },
  };
}

/** 32 random bytes as lowercase hex. */
function randomSeed(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(32)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** GET {relay}/{chainHash}/public/{round} (the round to draw) from each relay in turn; the first beacon that verifies is taken. */
async function fetchBeacon(
  relays: string[],
  commitment: Extract<SourceCommitment, { type: 'drand' }>,
  round: number,
  now: Date,
  fetchImpl: typeof fetch,
): Promise<{ reveal: SourceReveal } | { notYet: string; problems: string[] }> {
  const problems: string[] = [];
  for (const relay of relays) {
    const url = `${relay}/${commitment.chainHash}/public/${round}`;
    try {
      const response = await fetchImpl(url, { headers: { accept: 'application/json' }, signal: AbortSignal.timeout(RELAY_TIMEOUT_MS) });
      if (!response.ok) {
        problems.push(`${relay}: HTTP ${response.status}`);
        continue;
      }
      const body = (await response.json()) as { round?: unknown; randomness?: unknown; signature?: unknown };
      if (typeof body.round !== 'number' || typeof body.randomness !== 'string' || typeof body.signature !== 'string') {
        problems.push(`${relay}: not a drand beacon`);
        continue;
      }
      if (body.round !== round) {
        problems.push(`${relay}: answered round ${body.round}, not round ${round}`);
        continue;
      }
      const reveal: SourceReveal = { type: 'drand', round: body.round, randomness: body.randomness, signature: body.signature };
      await randomnessFrom(commitment, reveal); // refuses a beacon whose signature does not verify
      return { reveal };
    } catch (error) {
      problems.push(`${relay}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  // No relay gave a valid beacon (down, lagging, or forged): never guess, ask again later.
  return { notYet: new Date(now.getTime() + RELAY_RETRY_MS).toISOString(), problems };
}
