import { sql } from 'kysely';
import type { Db, Trx } from '../db/types.js';
import { combineParts, type Hash, nodeHash, perfectParts, type SubtreeHash } from '../lib/merkle.js';

/**
 * The Merkle log's storage: leaves are sync.feed.leaf_hash (level 0), complete subtrees above them are
 * sync.merkle_nodes, written once when they complete and never changed. A root or a proof at any size
 * reads O(log n) stored hashes in one round trip: the proof is first walked with placeholder hashes to
 * learn which subtrees it needs (the walk does not depend on hash values), then walked again for real.
 */
type Key = { level: number; idx: number };
const keyOf = (level: number, idx: number) => `${level}:${idx}`;
const PLACEHOLDER = new Uint8Array(32);

export async function withStoredSubtrees<T>(db: Db | Trx, run: (subtree: SubtreeHash) => Promise<T>): Promise<T> {
  const wanted = new Map<string, Key>();
  await run(async (start, end) => {
    for (const part of perfectParts(start, end)) wanted.set(keyOf(part.level, part.idx), part);
    return PLACEHOLDER;
  });
  const stored = await readNodes(db, [...wanted.values()]);
  return run((start, end) =>
    combineParts(start, end, (level, idx) => {
      const hash = stored.get(keyOf(level, idx));
      if (!hash) throw new Error(`the Merkle log lacks node ${level}:${idx}`);
      return hash;
    }),
  );
}

async function readNodes(db: Db | Trx, keys: Key[]): Promise<Map<string, Hash>> {
  const found = new Map<string, Hash>();
  const leaves = keys.filter((k) => k.level === 0).map((k) => k.idx);
  const inner = keys.filter((k) => k.level > 0);
  if (leaves.length) {
    const rows = await db.selectFrom('sync.feed').select(['position', 'leaf_hash']).where('position', 'in', leaves.map(String)).execute();
    for (const r of rows) found.set(keyOf(0, Number(r.position)), new Uint8Array(r.leaf_hash));
  }
  if (inner.length) {
    const rows = await sql<{ level: number; idx: string; hash: Uint8Array }>`
      SELECT n.level, n.idx, n.hash
      FROM sync.merkle_nodes n
      JOIN unnest(${inner.map((k) => k.level)}::smallint[], ${inner.map((k) => k.idx)}::bigint[]) AS k(level, idx)
        ON n.level = k.level AND n.idx = k.idx`.execute(db);
    for (const r of rows.rows) found.set(keyOf(r.level, Number(r.idx)), new Uint8Array(r.hash));
  }
  return found;
}

/**
 * The right edge of a tree of n leaves: for each set bit L of n, the complete subtree (L, (n >> L) − 1).
 * Appending leaves needs only these; the root is these combined from the smallest up.
 */
export type Frontier = Map<number, Hash>;

export async function readFrontier(trx: Trx, n: number): Promise<Frontier> {
  const keys: Key[] = [];
  for (let level = 0; 2 ** level <= n; level++)
    if (Math.floor(n / 2 ** level) % 2 === 1) keys.push({ level, idx: Math.floor(n / 2 ** level) - 1 });
  const stored = await readNodes(trx, keys);
  const frontier: Frontier = new Map();
  for (const k of keys) {
    const hash = stored.get(keyOf(k.level, k.idx));
    if (!hash) throw new Error(`the Merkle log lacks node ${k.level}:${k.idx} of its right edge`);
    frontier.set(k.level, hash);
  }
  return frontier;
}

/** Appends one leaf at index `index` (= the tree's size before it); returns the complete subtrees it closed. */
export async function appendLeaf(frontier: Frontier, index: number, leaf: Hash): Promise<{ level: number; idx: number; hash: Hash }[]> {
  const closed: { level: number; idx: number; hash: Hash }[] = [];
  let carry = leaf;
  let level = 0;
  for (;;) {
    const left = frontier.get(level);
    if (!left) break;
    frontier.delete(level);
    carry = await nodeHash(left, carry);
    level += 1;
    closed.push({ level, idx: Math.floor(index / 2 ** level), hash: carry });
  }
  frontier.set(level, carry);
  return closed;
}

/** MTH of the tree whose right edge this is (the empty tree's root is SHA-256 of nothing). */
export async function rootOfFrontier(frontier: Frontier): Promise<Hash> {
  let acc: Hash | null = null;
  for (const level of [...frontier.keys()].sort((a, b) => a - b)) {
    const hash = frontier.get(level)!;
    acc = acc ? await nodeHash(hash, acc) : hash;
  }
  return acc ?? new Uint8Array(await crypto.subtle.digest('SHA-256', new Uint8Array()));
}
