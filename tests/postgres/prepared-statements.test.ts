import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPgPool, pgDbOver } from '../../src/db/pg.js';
import { MAX_PREPARED_PER_CONNECTION } from '../../src/db/prepared-statements.js';
import type { Db } from '../../src/db/types.js';
import { openTestDatabase } from '../helpers/harness.js';

/** Statements run prepared per connection: planned once, bounded in number, and a failed one does not poison its text. */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await openTestDatabase();
  // One connection, so every statement below meets the same session's prepared statements.
  db = pgDbOver(createPgPool(database.url!, 1), { preparedStatements: true });
});
afterAll(async () => {
  await db.destroy();
  await database.close();
});

const preparedTexts = async () =>
  (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements`.execute(db)).rows.map((r) => r.statement);

describe('prepared statements', () => {
  it('prepares a statement once on its connection and reuses it with new values', async () => {
    const lookup = (n: number) => sql<{ n: number }>`SELECT ${n}::int + 1 AS n`.execute(db);
    expect((await lookup(1)).rows).toEqual([{ n: 2 }]);
    expect((await lookup(41)).rows).toEqual([{ n: 42 }]);
    const texts = await preparedTexts();
    expect(texts.filter((t) => t.includes('SELECT $1::int + 1 AS n'))).toHaveLength(1);
  });

  it('stops preparing at the bound and still answers every further statement', async () => {
    for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 20; i++) {
      const { rows } = await sql<{ v: number }>`SELECT ${i}::int AS v, ${sql.lit(i)} AS distinct_text`.execute(db);
      expect(rows[0]!.v).toBe(i);
    }
    expect((await preparedTexts()).length).toBeLessThanOrEqual(MAX_PREPARED_PER_CONNECTION);
  });

  it('keeps answering when a migration changes a table under a prepared statement, and after DISCARD ALL', async () => {
    // A connection of its own: the one above has used up its prepared statements.
    const db = pgDbOver(createPgPool(database.url!, 1), { preparedStatements: true });
    await sql`CREATE TABLE public.prepared_probe (id int PRIMARY KEY)`.execute(db);
    await sql`INSERT INTO public.prepared_probe VALUES (1)`.execute(db);
    const read = () =>
      db
        .selectFrom('public.prepared_probe' as never)
        .selectAll()
        .execute();
    expect(await read()).toEqual([{ id: 1 }]);
    expect(await read()).toEqual([{ id: 1 }]);
    // As a rolling deploy's migration would, while this process still runs the old statement.
    await sql`ALTER TABLE public.prepared_probe ADD COLUMN note text NOT NULL DEFAULT 'new'`.execute(db);
    expect(await read()).toEqual([{ id: 1, note: 'new' }]);
    expect(await read()).toEqual([{ id: 1, note: 'new' }]);
    // A pooler or an operator resets the session: the server forgets every prepared statement.
    await sql`DISCARD ALL`.execute(db);
    expect(await read()).toEqual([{ id: 1, note: 'new' }]);
    expect(await read()).toEqual([{ id: 1, note: 'new' }]);
    await db.destroy();
  });

  it('runs a statement again after it failed to prepare', async () => {
    const broken = () => sql`SELECT no_such_column FROM credit.subjects WHERE uscc = ${'x'}`.execute(db);
    await expect(broken()).rejects.toThrow(/no_such_column/);
    await expect(broken()).rejects.toThrow(/no_such_column/);
    expect((await sql<{ ok: boolean }>`SELECT ${true}::boolean AS ok`.execute(db)).rows).toEqual([{ ok: true }]);
  });
});
