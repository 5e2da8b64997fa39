import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MigrationFile } from './migrate.js';

/**
 * The migration files on disk (Node only; the Worker checks against schema-manifest.ts). Two levels up
 * from src/db and from the build's dist/db alike: the repository's schema/.
 */
export const SCHEMA_DIR = fileURLToPath(new URL('../../schema/', import.meta.url));

export function readSchemaFiles(dir = SCHEMA_DIR): MigrationFile[] {
  return readdirSync(dir)
    .filter((name) => /^\d{4}_[a-z0-9_]+\.sql$/.test(name))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}
