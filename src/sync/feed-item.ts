import { z } from 'zod';
import { canonicalJson } from '../lib/canonical.js';
import { leafHash } from '../lib/merkle.js';

/**
 * One event as the city platform receives it, in the feed and in pushed batches alike. The leaf of the
 * Merkle log is the canonical JSON of exactly these fields (keys sorted, no whitespace: RFC 8785 for
 * the values the registry writes), so a platform recomputes the leaf hash from what it was sent:
 *   leafHash = SHA-256(0x00 || UTF-8(canonical JSON of the item without leafHash))
 * `index` is the event's position in the feed and its leaf index in the tree.
 */
export const FeedItem = z
  .object({
    index: z.number().int().min(0),
    id: z.string(),
    type: z.string(),
    at: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    payload: z.unknown(),
  })
  .strict();
export type FeedItem = z.infer<typeof FeedItem>;

/** A feed item with its leaf hash in hex, as served. */
export type ServedFeedItem = FeedItem & { leafHash: string };

export type EventRow = { id: string; type: string; at: Date; entity_type: string; entity_id: string; payload: unknown };

export function feedItemOf(index: number, row: EventRow): FeedItem {
  return {
    index,
    id: row.id,
    type: row.type,
    at: row.at.toISOString(),
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload: row.payload,
  };
}

export function leafBytes(item: FeedItem): Uint8Array {
  return new TextEncoder().encode(canonicalJson(item));
}

export const feedLeafHash = (item: FeedItem) => leafHash(leafBytes(item));
