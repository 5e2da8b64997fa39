import { sha256 } from '@noble/hashes/sha2.js';
import { z } from 'zod';
import { canonicalJson } from '../lib/canonical.js';
import { leafHash, toHex } from '../lib/merkle.js';

/**
 * One event as the city platform receives it, in the feed and in pushed batches alike. The leaf of the
 * Merkle log commits to the payload by its hash, not to the payload itself:
 *   payloadHash = hex SHA-256(UTF-8(canonical JSON of the payload))
 *   leafHash    = SHA-256(0x00 || UTF-8(canonical JSON of {index, id, type, at, entityType, entityId, payloadHash}))
 * (canonical JSON: keys sorted, no whitespace, RFC 8785 for the values the registry writes). So when the
 * law says a fact must stop being shared (a record repaired, an entry voided: 停止共享, domain §9), the
 * feed serves that event without its payload (`payload: null`, `withheld` says why) and its leaf and
 * every proof still verify; a platform that kept the payload checks it against payloadHash.
 * `index` is the event's position in the feed and its leaf index in the tree.
 */
export const LeafItem = z
  .object({
    index: z.number().int().min(0),
    id: z.string(),
    type: z.string(),
    at: z.string(),
    entityType: z.string(),
    entityId: z.string(),
    payloadHash: z.string(),
  })
  .strict();
export type LeafItem = z.infer<typeof LeafItem>;

/** Why a payload is no longer served: the fact it carries was repaired, or voided (never should have been shown). */
export type Withheld = 'repaired' | 'voided';

/** A feed item as served: the leaf's fields, the payload (null when withheld) and the leaf hash in hex. */
export type ServedFeedItem = LeafItem & { payload: unknown; withheld?: Withheld; leafHash: string };

export type EventRow = { id: string; type: string; at: Date; entity_type: string; entity_id: string; payload: unknown };

export const payloadHashOf = (payload: unknown): string => toHex(sha256(new TextEncoder().encode(canonicalJson(payload))));

/** The leaf's fields of an event; `payloadHash` as stored when it was placed, else computed from the payload. */
export function leafItemOf(index: number, row: EventRow, payloadHash?: string | null): LeafItem {
  return {
    index,
    id: row.id,
    type: row.type,
    at: row.at.toISOString(),
    entityType: row.entity_type,
    entityId: row.entity_id,
    payloadHash: payloadHash ?? payloadHashOf(row.payload),
  };
}

export function leafBytes(item: LeafItem): Uint8Array {
  return new TextEncoder().encode(canonicalJson(item));
}

export const feedLeafHash = (item: LeafItem) => leafHash(leafBytes(item));
