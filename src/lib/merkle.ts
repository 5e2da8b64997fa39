import { sha256 as nobleSha256 } from '@noble/hashes/sha2.js';

/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1 over an ordered list of leaves (the feed of issue 11:
 * events in commit order). Hashes exactly as the RFC, so any independent implementation verifies them:
 *   leaf hash  = SHA-256(0x00 || leaf bytes)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256()
 * and for n > 1 leaves the split point k is the largest power of two smaller than n.
 * Pure functions over byte arrays, in plain JavaScript, so they run on Node and Workers alike.
 */

export type Hash = Uint8Array;

/**
 * SHA-256 in plain JavaScript (@noble/hashes), synchronous: a proof at ten million events combines a
 * few hundred 65-byte nodes, where an await on WebCrypto per hash cost more than the hashing.
 */
async function sha256(...parts: Uint8Array[]): Promise<Hash> {
  const hash = nobleSha256.create();
  for (const p of parts) hash.update(p);
  return hash.digest();
}

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

export const leafHash = (leaf: Uint8Array): Promise<Hash> => sha256(LEAF, leaf);
export const nodeHash = (left: Hash, right: Hash): Promise<Hash> => sha256(NODE, left, right);

/** The largest power of two strictly smaller than n (n ≥ 2). */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The hash of the subtree over leaves [start, end). The proofs below ask only for ranges the RFC's
 * recursion makes, so a store that keeps complete subtrees can answer them (see perfectParts).
 */
export type SubtreeHash = (start: number, end: number) => Promise<Hash>;

/** MTH(D[n]) from the leaf hashes (already hashed with 0x00). */
export async function rootOf(leafHashes: Hash[]): Promise<Hash> {
  return rangeRoot(leafHashes.length, overLeaves(leafHashes));
}

/** PATH(m, D[n]): the audit path of leaf m (0-based) in the tree of the first n leaves (RFC 6962 §2.1.1). */
export function inclusionPath(leafHashes: Hash[], m: number): Promise<Hash[]> {
  return auditPath(m, leafHashes.length, overLeaves(leafHashes));
}

/** PROOF(m, D[n]): the consistency proof between the tree of the first m leaves and that of n (RFC 6962 §2.1.2). */
export function consistencyProof(leafHashes: Hash[], m: number): Promise<Hash[]> {
  return consistencyPath(m, leafHashes.length, overLeaves(leafHashes));
}

/** MTH of the first n leaves, through a subtree source. */
export async function rangeRoot(n: number, subtree: SubtreeHash): Promise<Hash> {
  return n === 0 ? sha256() : subtree(0, n);
}

/** PATH(m, D[0:n]) through a subtree source. */
export async function auditPath(m: number, n: number, subtree: SubtreeHash): Promise<Hash[]> {
  if (!Number.isInteger(m) || m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  const path: Hash[] = [];
  // Walk down from the whole tree, collecting siblings; the RFC lists them from the leaf up.
  let [start, end] = [0, n];
  while (end - start > 1) {
    const k = split(end - start);
    if (m < start + k) {
      path.push(await subtree(start + k, end));
      end = start + k;
    } else {
      path.push(await subtree(start, start + k));
      start += k;
    }
  }
  return path.reverse();
}

/** PROOF(m, D[0:n]) through a subtree source. */
export async function consistencyPath(m: number, n: number, subtree: SubtreeHash): Promise<Hash[]> {
  if (!Number.isInteger(m) || m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  const proof: Hash[] = [];
  // SUBPROOF(m, D[start:end], whole), unrolled: each step adds one hash, the RFC lists them bottom-up.
  let [start, end, whole, size] = [0, n, true, m];
  while (size !== end - start) {
    const k = split(end - start);
    if (size <= k) {
      proof.push(await subtree(start + k, end));
      end = start + k;
    } else {
      proof.push(await subtree(start, start + k));
      start += k;
      size -= k;
      whole = false;
    }
  }
  if (!whole) proof.push(await subtree(start, end));
  return proof.reverse();
}

/**
 * The complete (power-of-two, aligned) subtrees whose hashes make the subtree [start, end), as
 * (level, index) pairs: node (L, i) covers leaves [i·2^L, (i+1)·2^L). The ranges the proofs ask for
 * always decompose this way, so a store of complete subtrees answers any of them in O(log n) reads.
 */
export function perfectParts(start: number, end: number): { level: number; idx: number }[] {
  const size = end - start;
  if (size <= 0) throw new RangeError(`empty range ${start}..${end}`);
  if ((size & (size - 1)) === 0 && start % size === 0) return [{ level: Math.log2(size), idx: start / size }];
  const k = split(size);
  return [...perfectParts(start, start + k), ...perfectParts(start + k, end)];
}

/** Combines the hashes of perfectParts(start, end), in that order, into the subtree's hash. */
export async function combineParts(start: number, end: number, hashOf: (level: number, idx: number) => Hash): Promise<Hash> {
  const size = end - start;
  if ((size & (size - 1)) === 0 && start % size === 0) return hashOf(Math.log2(size), start / size);
  const k = split(size);
  return nodeHash(await combineParts(start, start + k, hashOf), await combineParts(start + k, end, hashOf));
}

function overLeaves(leafHashes: Hash[]): SubtreeHash {
  return async (start, end) => {
    if (end - start === 1) return leafHashes[start]!;
    const k = split(end - start);
    const sub = overLeaves(leafHashes);
    return nodeHash(await sub(start, start + k), await sub(start + k, end));
  };
}

export const toHex = (h: Hash): string => Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');

export function fromHex(hex: string): Hash {
  if (!/^(?:[0-9a-f]{2})*$/.test(hex)) throw new RangeError('not lowercase hex');
  return Uint8Array.from(hex.match(/../g) ?? [], (b) => Number.parseInt(b, 16));
}
