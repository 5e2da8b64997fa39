import type { Generated } from 'kysely';
import type { Json } from './columns.js';

/** The `sync` schema: the outbox of events, and which internal consumer has handled which event. */
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

export interface SyncTables {
  'sync.events': EventsTable;
  'sync.consumed': ConsumedTable;
}
