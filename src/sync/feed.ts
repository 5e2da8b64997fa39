import { sql } from 'kysely';
import { DomainError, fail } from '../core/errors.js';
import type { Db } from '../db/types.js';
import { auditPath, consistencyPath, rangeRoot, toHex } from '../lib/merkle.js';
import { leafItemOf, type ServedFeedItem, type Withheld } from './feed-item.js';
import { withStoredSubtrees } from './merkle-store.js';

/**
 * Reading the feed and its Merkle log: pages of events by position, the signed checkpoints, and the
 * audit paths that prove an event is in the log and that a later log extends an earlier one.
 */
export const FEED_MAX_LIMIT = 1000;

export async function treeSize(db: Db): Promise<number> {
  const head = await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
  return Number(head.tree_size);
}

/**
 * Events at positions after `after` (−1: from the start), in position order. With `withhold` (what
 * leaves the registry), an event whose payload states facts that have since been repaired or voided is
 * served without them (停止共享): its leaf still verifies through payloadHash. Readers inside the
 * registry (watch matching) pass false.
 */
export async function readFeed(db: Db, after: number, limit: number, options: { withhold?: boolean } = {}): Promise<ServedFeedItem[]> {
  const rows = await feedRows(db, options.withhold ?? true)
    .where('f.position', '>', String(after))
    .orderBy('f.position')
    .limit(limit)
    .execute();
  return rows.map(served);
}

/** The events whose payloads carry a record's or an entry's facts (lifecycle events carry none). */
const FACT_EVENTS = ['record.created', 'record.corrected'];

function feedRows(db: Db, withhold: boolean) {
  return db
    .selectFrom('sync.feed as f')
    .innerJoin('sync.events as e', 'e.id', 'f.event_id')
    .select([
      'f.position',
      sql<string>`encode(f.leaf_hash, 'hex')`.as('leaf_hex'),
      sql<string | null>`encode(f.payload_hash, 'hex')`.as('payload_hex'),
      'e.id',
      'e.type',
      'e.at',
      'e.entity_type',
      'e.entity_id',
      'e.payload',
    ])
    .select(
      withhold
        ? sql<Withheld | null>`CASE
            WHEN e.type = ANY(${FACT_EVENTS}::text[]) THEN (
              SELECT CASE WHEN r.voided_on IS NOT NULL THEN 'voided' WHEN r.end_reason = 'repaired' THEN 'repaired' END
              FROM credit.records r WHERE r.id = e.entity_id AND r.superseded_at IS NULL)
            WHEN e.type LIKE 'list_entry.%' THEN (
              SELECT CASE WHEN l.voided THEN 'voided' WHEN l.exit_reason = 'repaired' THEN 'repaired' END
              FROM credit.list_entries l WHERE l.id = e.entity_id)
          END`.as('withheld')
        : sql<null>`NULL`.as('withheld'),
    );
}

function served(r: {
  position: string;
  leaf_hex: string;
  payload_hex: string | null;
  withheld: Withheld | null;
  id: string;
  type: string;
  at: Date;
  entity_type: string;
  entity_id: string;
  payload: unknown;
}): ServedFeedItem {
  const item = leafItemOf(Number(r.position), r, r.payload_hex);
  return r.withheld
    ? { ...item, payload: null, withheld: r.withheld, leafHash: r.leaf_hex }
    : { ...item, payload: r.payload, leafHash: r.leaf_hex };
}

export type StoredCheckpoint = { treeSize: number; rootHash: string; signedAt: string; kid: string; jws: string };

/** The newest checkpoint, or the one of a given size (a platform asking again for the one it kept). */
export async function checkpoint(db: Db, size?: number): Promise<StoredCheckpoint> {
  let query = db.selectFrom('sync.checkpoints').selectAll();
  query = size === undefined ? query.orderBy('tree_size', 'desc').limit(1) : query.where('tree_size', '=', String(size));
  const row = await query.executeTakeFirst();
  if (!row) {
    throw size === undefined
      ? new DomainError('NOT_FOUND', 'the log has no checkpoint yet: the sequencer has not run')
      : new DomainError('NOT_FOUND', `no checkpoint was signed at size ${size}`);
  }
  return {
    treeSize: Number(row.tree_size),
    rootHash: toHex(new Uint8Array(row.root_hash)),
    signedAt: row.signed_at.toISOString(),
    kid: row.kid,
    jws: row.jws,
  };
}

async function checkSize(db: Db, size: number, field: string) {
  const current = await treeSize(db);
  if (size > current) throw fail.validation(field, `the log has ${current} events; ${size} is beyond it`);
}

export async function inclusionProof(db: Db, index: number, size: number) {
  await checkSize(db, size, 'size');
  if (index >= size) throw fail.validation('index', `${index} is not in a tree of ${size}`);
  return withStoredSubtrees(db, async (subtree) => ({
    index,
    treeSize: size,
    leafHash: toHex(await subtree(index, index + 1)),
    auditPath: (await auditPath(index, size, subtree)).map(toHex),
    rootHash: toHex(await rangeRoot(size, subtree)),
  }));
}

export async function consistencyProof(db: Db, from: number, to: number) {
  await checkSize(db, to, 'to');
  if (from < 1 || from > to) throw fail.validation('from', `no consistency proof from ${from} to ${to}: need 1 ≤ from ≤ to`);
  return withStoredSubtrees(db, async (subtree) => ({
    from,
    to,
    proof: (await consistencyPath(from, to, subtree)).map(toHex),
    fromRoot: toHex(await rangeRoot(from, subtree)),
    toRoot: toHex(await rangeRoot(to, subtree)),
  }));
}
