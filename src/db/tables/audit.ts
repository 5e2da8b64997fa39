import type { Generated } from 'kysely';
import type { Json } from './columns.js';

/** The `audit` schema: append-only entries, sealed into a hash chain in a follow-up step. */
export interface AuditEntriesTable {
  id: string;
  at: Date;
  actor: string;
  role: string;
  action: string;
  entity_type: string;
  entity_id: string;
  subject_id: string | null;
  request_id: string | null;
  before: Json | null;
  after: Json | null;
  payload_hash: string;
}

export interface AuditChainTable {
  seq: string;
  entry_id: string;
  prev_hash: string;
  hash: string;
  sealed_at: Generated<Date>;
}

export interface AuditTables {
  'audit.entries': AuditEntriesTable;
  'audit.chain': AuditChainTable;
  'audit.pending': { entry_id: string };
}
