import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryTemplate } from '../../src/db/query-template.js';
import type { Db } from '../../src/db/types.js';
import { openTestDatabase } from '../helpers/harness.js';

/** A query compiled once answers each call with that call's values, and refuses a value it would inline. */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let db: Db;
beforeAll(async () => {
  database = await openTestDatabase();
  db = database.db;
});
afterAll(async () => {
  await database.close();
});

describe('queryTemplate', () => {
  it('binds each call’s values wherever the name is used, keeping the query’s own constants', async () => {
    const template = queryTemplate(['word', 'times'], (db, { word, times }) =>
      db.selectNoFrom([sql<string>`repeat(${word}, ${times}::int)`.as('repeated'), sql<string>`${word} || ${'!'}`.as('shout')]),
    );
    expect(await template(db, { word: 'ab', times: 3 })).toEqual([{ repeated: 'ababab', shout: 'ab!' }]);
    expect(await template(db, { word: '信用', times: 2 })).toEqual([{ repeated: '信用信用', shout: '信用!' }]);
  });

  it('refuses a query that inlines a value into its text instead of binding it', async () => {
    const inlined = queryTemplate(['word'], (db, { word }) => db.selectNoFrom(sql.lit(word).as('w')));
    await expect(inlined(db, { word: 'x' })).rejects.toThrow(/word is not a bound parameter/);
  });
});
