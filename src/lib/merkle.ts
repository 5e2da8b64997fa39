/**
 * The Merkle tree of RFC 6962 / RFC 9162 §2.1 over an ordered list of leaves (the feed of issue 11:
 * events in commit order). Hashes exactly as the RFC, so any independent implementation verifies them:
 *   leaf hash  = SHA-256(0x00 || leaf bytes)
 *   node hash  = SHA-256(0x01 || left || right)
 *   MTH({})    = SHA-256()
 * and for n > 1 leaves the split point k is the largest power of two smaller than n.
 * Pure functions over byte arrays (WebCrypto, so they run on Node and Workers alike).
 */

export type Hash = Uint8Array;

async function sha256(...parts: Uint8Array[]): Promise<Hash> {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    joined.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', joined));
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

/** MTH(D[n]) from the leaf hashes (already hashed with 0x00). */
export async function rootOf(leafHashes: Hash[]): Promise<Hash> {
  if (leafHashes.length === 0) return sha256();
  if (leafHashes.length === 1) return leafHashes[0]!;
  const k = split(leafHashes.length);
  return nodeHash(await rootOf(leafHashes.slice(0, k)), await rootOf(leafHashes.slice(k)));
}

/** PATH(m, D[n]): the audit path of leaf m (0-based) in the tree of the first n leaves (RFC 6962 §2.1.1). */
export async function inclusionPath(leafHashes: Hash[], m: number): Promise<Hash[]> {
  const n = leafHashes.length;
  if (!Number.isInteger(m) || m < 0 || m >= n) throw new RangeError(`leaf ${m} is not in a tree of ${n}`);
  if (n === 1) return [];
  const k = split(n);
  return m < k
    ? [...(await inclusionPath(leafHashes.slice(0, k), m)), await rootOf(leafHashes.slice(k))]
    : [...(await inclusionPath(leafHashes.slice(k), m - k)), await rootOf(leafHashes.slice(0, k))];
}

/** PROOF(m, D[n]): the consistency proof between the tree of the first m leaves and that of n (RFC 6962 §2.1.2). */
export async function consistencyProof(leafHashes: Hash[], m: number): Promise<Hash[]> {
  const n = leafHashes.length;
  if (!Number.isInteger(m) || m < 1 || m > n) throw new RangeError(`no consistency proof from ${m} to ${n}`);
  return subproof(leafHashes, m, true);
}

async function subproof(d: Hash[], m: number, whole: boolean): Promise<Hash[]> {
  const n = d.length;
  if (m === n) return whole ? [] : [await rootOf(d)];
  const k = split(n);
  return m <= k
    ? [...(await subproof(d.slice(0, k), m, whole)), await rootOf(d.slice(k))]
    : [...(await subproof(d.slice(k), m - k, false)), await rootOf(d.slice(0, k))];
}

export const toHex = (h: Hash): string => Array.from(h, (b) => b.toString(16).padStart(2, '0')).join('');
