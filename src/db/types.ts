import type { Kysely, Transaction } from 'kysely';
import type { ArrearsTables } from './tables/arrears.js';
import type { AuditTables } from './tables/audit.js';
import type { CreditTables } from './tables/credit.js';
import type { MarketTables } from './tables/market.js';
import type { PublicTables } from './tables/public.js';
import type { ReferenceTables } from './tables/reference.js';
import type { SyncTables } from './tables/sync.js';

/** The whole database, one file of table types per PostgreSQL schema (tables/). */
export interface Database extends CreditTables, MarketTables, ArrearsTables, AuditTables, SyncTables, ReferenceTables, PublicTables {}

export type Db = Kysely<Database>;
/** Verbs that must run inside a transaction take this, so a call outside one does not compile. */
export type Trx = Transaction<Database>;

export type * from './tables/arrears.js';
export type * from './tables/audit.js';
export type * from './tables/credit.js';
export type * from './tables/market.js';
export type * from './tables/sync.js';
