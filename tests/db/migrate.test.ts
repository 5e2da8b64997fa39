import { describe, expect, it } from 'vitest';
import { migrate, migrationStatus } from '../../src/db/migrate.js';
import { readSchemaFiles } from '../../src/db/schema-files.js';
import { openEmptyDatabase } from '../helpers/empty-database.js';

describe('the migration runner', () => {
  it('applies each file once, in order, and refuses to go on when an applied file was edited', async () => {
    const database = await openEmptyDatabase();
    const session = await database.session();
    const files = readSchemaFiles();
    try {
      expect(await migrate(session, files)).toEqual(files.map((f) => f.name));
      expect(await migrate(session, files)).toEqual([]);
      const edited = files.map((f, i) => (i === 0 ? { ...f, sql: `${f.sql}\n-- a quiet edit\n` } : f));
      await expect(migrate(session, edited)).rejects.toThrow(/0001_foundation\.sql was changed after it was applied/);
      await expect(migrationStatus(session, files.slice(1))).rejects.toThrow(/file is missing/);
    } finally {
      await database.close();
    }
  });

  it('rolls back a failing file whole, recording nothing', async () => {
    const database = await openEmptyDatabase();
    const session = await database.session();
    try {
      const broken = [{ name: '0001_a.sql', sql: 'CREATE TABLE t1 (id int); CREATE TABLE t1 (id int);' }];
      await expect(migrate(session, broken)).rejects.toThrow(/0001_a\.sql failed/);
      const rows = await session.query<{ t: string | null }>(`SELECT to_regclass('t1')::text AS t`);
      expect(rows[0]!.t).toBeNull();
      expect(await migrationStatus(session, broken)).toEqual({ applied: [], pending: ['0001_a.sql'] });
    } finally {
      await database.close();
    }
  });
});
