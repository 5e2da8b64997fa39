import type { ColumnType, Generated } from 'kysely';
import type { Json } from './columns.js';

/**
 * The `sync` schema: the outbox of events and which internal consumer handled which; the feed to the
 * city platform (positions given after commit, a Merkle log, signed checkpoints); push delivery to
 * platform endpoints and watches; reports the platform sends back (schema/0013_sync.sql).
 */
export interface EventsTable {
  id: string;
  txid: Generated<string>;
  at: Date;
  type: string;
  entity_type: string;
  entity_id: string;
  subject_id: string | null;
  payload: Json;
}

export interface ConsumedTable {
  consumer: string;
  event_id: string;
  outcome: 'done' | 'failed';
  detail: string | null;
  at: Generated<Date>;
}

/** int8 columns come back as strings on both engines (db/pg.ts); positions fit a JS number well below 2^53. */
type Int8 = ColumnType<string, number | string | bigint, number | string | bigint>;
/** An int8 column with a default: optional on insert (Generated<Int8> would not unwrap the nested ColumnType). */
type Int8WithDefault = ColumnType<string, number | string | bigint | undefined, number | string | bigint>;

export interface FeedTable {
  position: Int8;
  event_id: string;
  leaf_hash: Uint8Array;
  payload_hash: Uint8Array | null;
  sequenced_at: Date;
}

export interface MerkleNodesTable {
  level: number;
  idx: Int8;
  hash: Uint8Array;
}

export interface CheckpointsTable {
  tree_size: Int8;
  root_hash: Uint8Array;
  signed_at: Date;
  kid: string;
  jws: string;
}

export interface LogHeadTable {
  one: Generated<boolean>;
  tree_size: Int8;
  low_xmin: string | null;
}

/** The commit ordinal of each transaction that wrote events (schema/0014): the sequencer orders by it. */
export interface TxCommitsTable {
  txid: string;
  ordinal: Int8;
}

export interface FeedReadsTable {
  id: Generated<Int8>;
  reader: string;
  from_position: Int8;
  to_position: Int8;
  at: Date;
}

export type EndpointStatus = 'active' | 'paused' | 'disabled';

export interface EndpointsTable {
  id: string;
  url: string;
  description: string | null;
  event_types: string[] | null;
  secret: string | null;
  status: Generated<EndpointStatus>;
  status_reason: string | null;
  cursor: Int8WithDefault;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export interface WatchesTable {
  id: string;
  owner_sub: string;
  owner_role: string;
  url: string;
  description: string | null;
  secret: string | null;
  status: Generated<'active' | 'paused'>;
  cursor: Int8WithDefault;
  subject_count: number;
  created_at: Date;
  updated_at: Date;
}

export interface WatchSubjectsTable {
  watch_id: string;
  uscc: string;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'dead';

export interface DeliveriesTable {
  id: string;
  endpoint_id: string | null;
  watch_id: string | null;
  seq: Int8;
  first_position: Int8 | null;
  last_position: Int8 | null;
  event_count: number;
  body: string;
  status: Generated<DeliveryStatus>;
  attempts: Generated<number>;
  next_attempt_at: Date;
  lease_until: Date | null;
  last_status: number | null;
  last_error: string | null;
  created_at: Date;
  delivered_at: Date | null;
  dead_at: Date | null;
}

export interface DeliveryAttemptsTable {
  delivery_id: string;
  attempt: number;
  at: Date;
  status: number | null;
  error: string | null;
  duration_ms: number;
}

export interface InboundTable {
  id: string;
  type: string;
  received_at: Date;
  payload: Json;
  outcome: 'applied' | 'refused';
  result: Json;
}

export interface SyncTables {
  'sync.events': EventsTable;
  'sync.consumed': ConsumedTable;
  'sync.feed': FeedTable;
  'sync.merkle_nodes': MerkleNodesTable;
  'sync.checkpoints': CheckpointsTable;
  'sync.log_head': LogHeadTable;
  'sync.feed_reads': FeedReadsTable;
  'sync.tx_commits': TxCommitsTable;
  'sync.endpoints': EndpointsTable;
  'sync.watches': WatchesTable;
  'sync.watch_subjects': WatchSubjectsTable;
  'sync.deliveries': DeliveriesTable;
  'sync.delivery_attempts': DeliveryAttemptsTable;
  'sync.inbound': InboundTable;
}
