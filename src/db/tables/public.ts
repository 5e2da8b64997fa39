import type { Generated } from 'kysely';
import type { Json } from './columns.js';

/** The `public` schema: request idempotency and the migration ledger. */
export interface IdempotencyKeysTable {
  actor: string;
  key: string;
  method: string;
  path: string;
  body_hash: string;
  status: number | null;
  response: Json | null;
  created_at: Generated<Date>;
  /** The request holding the key, and until when (a request that died leaves a lapsed lease). */
  claim: string | null;
  lease_until: Date | null;
}

export interface SchemaMigrationsTable {
  name: string;
  checksum: string;
  applied_at: Generated<Date>;
}

export interface PublicTables {
  'public.idempotency_keys': IdempotencyKeysTable;
  'public.schema_migrations': SchemaMigrationsTable;
}
