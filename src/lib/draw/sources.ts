import { bls12_381 } from '@noble/curves/bls12-381.js';
import { canonicalJson, sha256Hex } from '../canonical.js';
import { bytesToHex, hexToBytes, sha256Bytes } from './bytes.js';
import { DrawMismatch, type SourceCommitment, type SourceReveal } from './types.js';

/**
 * Randomness sources, checked offline.
 * - commit-reveal: the operator commits to `seedHash = sha256(UTF-8 bytes of the seed's 64-char lowercase
 *   hex string)` at publication and reveals the seed at the draw; randomness = sha256 of the canonical
 *   JSON `{"nonces":[{"label":…,"nonce":…},…],"seed":…}` with the nonces the agencies gave at sign-up,
 *   sorted by label.
 * - drand: a future round of a named chain; the reveal is the BLS signature of the round drawn (the
 *   committed one, or a later one when the pool was fixed after it, see drandRoundToDraw), checked with
 *   the chain's public key, and randomness = sha256(signature bytes), as drand defines it.
 */

/** The scheme of drand's quicknet: signatures on G1, public key on G2, message = sha256(round as uint64 BE). */
export const DRAND_SCHEME = 'bls-unchained-g1-rfc9380';

/** Public chains whose public key we know, so a proof cannot pair a famous chain hash with another key. */
export const KNOWN_DRAND_CHAINS: Record<string, { publicKey: string; genesisTime: number; period: number; scheme: string }> = {
  // quicknet, the drand League of Entropy chain with 3-second unchained rounds.
  '52db9ba70e0cc0f6eaf7803dd07447a1f5477735fd3f661792ba94600c84e971': {
    publicKey:
      '83cf0f2896adee7eb8b5f01fcad3912212c437e0073e911fb90022d3e760183c8c4b450b6a0a6c3ac6a5776a2d1064510d1fec758c921cc22b0e17e63aaf4bcb5ed66304de9cf809bd274ca73bab4af5a6e9c76a4bc09e76eae8991ef5ece45a',
    genesisTime: 1692803367,
    period: 3,
    scheme: DRAND_SCHEME,
  },
};

const SEED = /^[0-9a-f]{64}$/;

export async function seedHashOf(seed: string): Promise<string> {
  if (!SEED.test(seed)) throw new DrawMismatch('the seed must be 64 lowercase hex characters (32 bytes)');
  return sha256Hex(seed);
}

/** When a drand round is published: genesis + (round − 1) × period, as an ISO time. */
export function drandRoundTime(chain: { genesisTime: number; period: number }, round: number): string {
  return new Date((chain.genesisTime + (round - 1) * chain.period) * 1000).toISOString();
}

/**
 * The first round published strictly after `at`. Strictly: a selection time may equal the sign-up
 * deadline, and a round published at that very second must not count as unknown when sign-up closed.
 */
export function drandRoundAfter(chain: { genesisTime: number; period: number }, at: Date): number {
  const sinceGenesisMs = at.getTime() - chain.genesisTime * 1000;
  return Math.max(1, Math.floor(sinceGenesisMs / (chain.period * 1000)) + 2);
}

/**
 * The drand round a draw uses: the committed round, or, when the pool was fixed later than that round
 * was published, the first round published strictly after the pool was fixed. So the pool is always
 * judged while the beacon that orders it is still unknown, however late the selection runs.
 */
export function drandRoundToDraw(commitment: { round: number; genesisTime: number; period: number }, poolFixedAt: Date): number {
  return Math.max(commitment.round, drandRoundAfter(commitment, poolFixedAt));
}

export async function randomnessFrom(commitment: SourceCommitment, reveal: SourceReveal): Promise<string> {
  if (commitment.type === 'commit-reveal' && reveal.type === 'commit-reveal') return commitReveal(commitment, reveal);
  if (commitment.type === 'drand' && reveal.type === 'drand') return drandRandomness(commitment, reveal);
  throw new DrawMismatch(`the reveal is of type ${reveal.type} but the commitment named ${commitment.type}`);
}

async function commitReveal(commitment: { seedHash: string }, reveal: Extract<SourceReveal, { type: 'commit-reveal' }>): Promise<string> {
  if ((await seedHashOf(reveal.seed)) !== commitment.seedHash)
    throw new DrawMismatch('the revealed seed does not hash to the committed seedHash (sha256 of the seed hex text)');
  const nonces = [...reveal.nonces].sort((a, b) => (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  for (let i = 1; i < nonces.length; i++)
    if (nonces[i]!.label === nonces[i - 1]!.label) throw new DrawMismatch(`two nonces are given for ${nonces[i]!.label}`);
  return sha256Hex(canonicalJson({ seed: reveal.seed, nonces: nonces.map(({ label, nonce }) => ({ label, nonce })) }));
}

/** The drand commitment itself: scheme, round time, and the public key of a chain we know. */
export function drandCommitmentProblems(c: Extract<SourceCommitment, { type: 'drand' }>): string[] {
  const problems: string[] = [];
  if (c.scheme !== DRAND_SCHEME) problems.push(`drand scheme ${c.scheme} is not supported (only ${DRAND_SCHEME})`);
  if (!Number.isSafeInteger(c.round) || c.round < 1) problems.push('the drand round must be a positive integer');
  else if (drandRoundTime(c, c.round) !== c.roundTime)
    problems.push(`drand round ${c.round} is published at ${drandRoundTime(c, c.round)}, not at the stated ${c.roundTime}`);
  const known = KNOWN_DRAND_CHAINS[c.chainHash];
  if (known) {
    if (known.publicKey !== c.publicKey) problems.push(`the public key is not that of drand chain ${c.chainHash}`);
    if (known.genesisTime !== c.genesisTime || known.period !== c.period)
      problems.push(`genesis time or period differ from those of drand chain ${c.chainHash}`);
  }
  return problems;
}

async function drandRandomness(
  commitment: Extract<SourceCommitment, { type: 'drand' }>,
  reveal: Extract<SourceReveal, { type: 'drand' }>,
): Promise<string> {
  const problems = drandCommitmentProblems(commitment);
  if (problems.length > 0) throw new DrawMismatch(problems.join('; '));
  // Which later round is the one to use depends on when the pool was fixed: verifyProof checks that.
  if (!Number.isSafeInteger(reveal.round) || reveal.round < commitment.round)
    throw new DrawMismatch(`the beacon is of round ${reveal.round}, before the committed round ${commitment.round}`);
  if (!(await verifyDrandSignature(commitment.publicKey, reveal.round, reveal.signature)))
    throw new DrawMismatch(`the beacon signature for round ${reveal.round} does not verify with the chain's public key`);
  const randomness = bytesToHex(await sha256Bytes(hexToBytes(reveal.signature, 'the beacon signature')));
  if (randomness !== reveal.randomness) throw new DrawMismatch('the beacon randomness is not sha256 of its signature');
  return randomness;
}

/** BLS on G1 (RFC 9380 hash-to-curve, drand's G1 DST): the message is sha256 of the round as 8 big-endian bytes. */
export async function verifyDrandSignature(publicKeyHex: string, round: number, signatureHex: string): Promise<boolean> {
  const bls = bls12_381.shortSignatures;
  try {
    const roundBytes = new Uint8Array(8);
    new DataView(roundBytes.buffer).setBigUint64(0, BigInt(round));
    const message = await sha256Bytes(roundBytes);
    const signature = bls.Signature.fromBytes(hexToBytes(signatureHex, 'the beacon signature'));
    return bls.verify(signature, bls.hash(message), hexToBytes(publicKeyHex, 'the public key'));
  } catch {
    // A point off the curve or of the wrong length is simply not a valid signature.
    return false;
  }
}
