import { compactVerify, importJWK, type JWK } from 'jose';
import { sql } from 'kysely';
import type { Db } from '../db/types.js';
import { fromHex, toHex } from '../lib/merkle.js';
import { readFeed } from './feed.js';
import { feedLeafHash, payloadHashOf } from './feed-item.js';
import { appendLeaf, type Frontier, rootOfFrontier } from './merkle-store.js';

/**
 * `npm run sync:verify`: recomputes the Merkle log from the events themselves, in feed order, in
 * constant memory (a right edge of O(log n) hashes), and compares every stored leaf hash, every stored
 * complete subtree and every checkpoint's root and signature with what it finds. An event edited in
 * the database after it was placed shows as the first position whose leaf no longer matches.
 */
export type LogProblem = { position?: number; treeSize?: number; problem: string };
export type LogVerification = { treeSize: number; checkpoints: number; problems: LogProblem[] };

export async function verifyLog(db: Db, jwks: JWK[], chunk = 5000): Promise<LogVerification> {
  const problems: LogProblem[] = [];
  // Checkpoints are read a chunk at a time beside the leaves (there is one per second of activity).
  const checkpointsUpTo = (from: number, to: number) =>
    db
      .selectFrom('sync.checkpoints')
      .selectAll()
      .where('tree_size', '>=', String(from))
      .where('tree_size', '<=', String(to))
      .orderBy('tree_size')
      .execute();
  let checkpoints = await checkpointsUpTo(0, 0);
  let checked = 0;
  const keys = new Map(jwks.filter((k) => k.kid).map((k) => [k.kid!, k]));
  const frontier: Frontier = new Map();
  let size = 0;
  let nextCheckpoint = 0;
  const checkRoot = async () => {
    while (nextCheckpoint < checkpoints.length && Number(checkpoints[nextCheckpoint]!.tree_size) === size) {
      const cp = checkpoints[nextCheckpoint++]!;
      checked += 1;
      const root = toHex(await rootOfFrontier(frontier));
      if (toHex(new Uint8Array(cp.root_hash)) !== root)
        problems.push({ treeSize: size, problem: `checkpoint root differs from the recomputed ${root}` });
      problems.push(...(await checkSignature(cp.jws, keys, size, root)));
    }
  };
  await checkRoot();
  for (;;) {
    // The feed as stored, nothing withheld: every payload is hashed again here, not taken from payload_hash.
    const rows = await readFeed(db, size - 1, chunk, { withhold: false });
    if (rows.length === 0) break;
    const stored = await storedNodes(db, size, size + rows.length);
    checkpoints = await checkpointsUpTo(size + 1, size + rows.length);
    nextCheckpoint = 0;
    for (const row of rows) {
      const position = row.index;
      if (position !== size) {
        problems.push({ position: size, problem: `the feed has no event at position ${size} (next is ${position})` });
        return { treeSize: size, checkpoints: checked, problems };
      }
      const { leafHash: storedLeaf, payload, withheld: _none, ...item } = row;
      const leaf = await feedLeafHash({ ...item, payloadHash: payloadHashOf(payload) });
      if (toHex(leaf) !== storedLeaf) {
        problems.push({ position, problem: `event ${row.id} no longer matches its leaf hash: it was changed after it was placed` });
      }
      for (const node of await appendLeaf(frontier, position, fromHex(storedLeaf))) {
        const kept = stored.get(`${node.level}:${node.idx}`);
        if (kept !== toHex(node.hash))
          problems.push({ position, problem: `stored node ${node.level}:${node.idx} differs from the recomputed one` });
      }
      size += 1;
      await checkRoot();
    }
  }
  const beyond = await db
    .selectFrom('sync.checkpoints')
    .select('tree_size')
    .where('tree_size', '>', String(size))
    .orderBy('tree_size')
    .limit(1)
    .executeTakeFirst();
  if (beyond)
    problems.push({ treeSize: Number(beyond.tree_size), problem: `a checkpoint names more events than the feed holds (${size})` });
  return { treeSize: size, checkpoints: checked, problems };
}

/** The stored complete subtrees that close while leaves [from, to) are appended: node (L, i) closes with leaf (i+1)·2^L − 1. */
async function storedNodes(db: Db, from: number, to: number): Promise<Map<string, string>> {
  const ranges: { level: number; lo: number; hi: number }[] = [];
  for (let level = 1; 2 ** level <= to; level++) {
    const lo = Math.ceil((from + 1) / 2 ** level) - 1;
    const hi = Math.floor(to / 2 ** level) - 1;
    if (lo <= hi) ranges.push({ level, lo, hi });
  }
  if (ranges.length === 0) return new Map();
  const { rows } = await sql<{ level: number; idx: string; hash: Uint8Array }>`
    SELECT n.level, n.idx, n.hash
    FROM unnest(${ranges.map((r) => r.level)}::smallint[], ${ranges.map((r) => r.lo)}::bigint[], ${ranges.map((r) => r.hi)}::bigint[]) AS k(level, lo, hi)
    JOIN sync.merkle_nodes n ON n.level = k.level AND n.idx BETWEEN k.lo AND k.hi`.execute(db);
  return new Map(rows.map((r) => [`${r.level}:${Number(r.idx)}`, toHex(new Uint8Array(r.hash))]));
}

async function checkSignature(jws: string, keys: Map<string, JWK>, size: number, root: string): Promise<LogProblem[]> {
  try {
    const header = JSON.parse(atob(jws.split('.')[0]!.replace(/-/g, '+').replace(/_/g, '/'))) as { kid?: string };
    const jwk = header.kid ? keys.get(header.kid) : undefined;
    if (!jwk) return [{ treeSize: size, problem: `the checkpoint's key ${header.kid ?? '(none)'} is not in the JWKS` }];
    const { payload } = await compactVerify(jws, await importJWK(jwk, 'ES256'));
    const signed = JSON.parse(new TextDecoder().decode(payload)) as { treeSize: number; rootHash: string };
    if (signed.treeSize !== size || signed.rootHash !== root)
      return [{ treeSize: size, problem: 'the signed checkpoint names another size or root' }];
    return [];
  } catch (error) {
    return [{ treeSize: size, problem: `the checkpoint's signature does not verify: ${(error as Error).message}` }];
  }
}
