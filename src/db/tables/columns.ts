import type { ColumnType } from 'kysely';

/** Columns the database computes: readable, never written. */
export type Computed<T> = ColumnType<T, never, never>;
/** jsonb: read as a value, written as its JSON text. */
export type Json = ColumnType<unknown, string, string>;
