import { sha256 } from '@noble/hashes/sha2.js';
import type { ActorCtx } from '../../core/actor.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { canonicalJson } from '../../lib/canonical.js';
import { toHex } from '../../lib/merkle.js';
import type { StreamedFile } from './exports.js';
import { FEED_READERS } from './policy.js';
import { SNAPSHOT_KINDS, snapshotChunks } from './snapshot-reads.js';

/**
 * Everything public today, for the platform to compare with what it holds: public commitments, list
 * entries active today, public records in effect today, in the disclosure module's public shapes.
 *
 * NDJSON: one row per line, `{"data":{…},"id":"…","kind":"…"}` as canonical JSON (keys sorted, no
 * whitespace), ordered by kind (commitment, list_entry, record) and then id. The last line is the
 * summary `{"asOf":"YYYY-MM-DD","count":N,"sha256":"…"}`: sha256 is SHA-256 over the exact bytes of
 * every row line with its "\n" (UTF-8), which the platform recomputes from what it received.
 *
 * Rows are read a chunk at a time and the hash is taken as they pass (an incremental SHA-256 that runs
 * on Node and Workers alike; WebCrypto has none), so memory stays flat however many rows there are.
 * Chunks are read without a transaction held open (export-reads.ts): a change committed while the
 * snapshot streams may or may not be in it; the summary covers exactly the lines sent.
 */
export const SNAPSHOT_CHUNK = 1000;

export type SnapshotSummary = { asOf: string; count: number; sha256: string };

export function snapshot(ctx: ActorCtx, chunkSize = SNAPSHOT_CHUNK): StreamedFile<Uint8Array> {
  assertRole(ctx.actor, FEED_READERS, 'read the snapshot of what is public');
  const today = ctx.clock.today();
  return {
    filename: `credit-snapshot_${today}.ndjson`,
    contentType: 'application/x-ndjson; charset=utf-8',
    body: (db) => snapshotLines(db, today, chunkSize),
  };
}

export async function* snapshotLines(db: Db, today: string, chunkSize: number): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const hash = sha256.create();
  let count = 0;
  for (const kind of SNAPSHOT_KINDS) {
    for await (const chunk of snapshotChunks(db, kind, today, chunkSize)) {
      let text = '';
      for (const row of chunk) text += `${canonicalJson(row)}\n`;
      const bytes = encoder.encode(text);
      hash.update(bytes);
      count += chunk.length;
      yield bytes;
    }
  }
  const summary: SnapshotSummary = { asOf: today, count, sha256: toHex(hash.digest()) };
  yield encoder.encode(`${canonicalJson(summary)}\n`);
}
