import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll, verifyChain } from '../../src/audit/chain.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  const token = await h.tokens.sign('regulator', { dept: DEPT_A });
  for (let i = 0; i < 5; i++) {
    const res = await h.request('POST', '/api/v1/subjects', { token, body: subjectBody() });
    expect(res.status, show(res)).toBe(201);
  }
  await sealAll(h.db);
});
afterAll(async () => {
  await h.close();
});

/** Edits a row behind the append-only triggers, as an attacker with table access would. */
async function tamper(statement: ReturnType<typeof sql>) {
  await h.db.transaction().execute(async (trx) => {
    await sql`ALTER TABLE audit.entries DISABLE TRIGGER entries_append_only`.execute(trx);
    await statement.execute(trx);
    await sql`ALTER TABLE audit.entries ENABLE TRIGGER entries_append_only`.execute(trx);
  });
}

describe('the audit hash chain', () => {
  it('seals every write and verifies', async () => {
    const result = await verifyChain(h.db);
    const entries = await h.db.selectFrom('audit.entries').select(sql<string>`count(*)`.as('n')).executeTakeFirstOrThrow();
    expect(result).toEqual({ ok: true, rows: Number(entries.n), pending: 0 });
    expect(Number(entries.n)).toBeGreaterThanOrEqual(5);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of audit rows in the database', async () => {
    await expect(sql`UPDATE audit.entries SET actor = 'mallory'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit.entries`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit.chain SET hash = 'x'`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM audit.chain`.execute(h.db)).rejects.toThrow(/append-only/);
    await expect(sql`TRUNCATE audit.entries CASCADE`.execute(h.db)).rejects.toThrow(/append-only/);
    expect((await verifyChain(h.db)).ok).toBe(true);
  });

  it('detects a tampered payload and a tampered entry, naming the first broken row', async () => {
    const [, second, third] = await h.db.selectFrom('audit.chain').select(['seq', 'entry_id']).orderBy('seq').limit(3).execute();
    await tamper(sql`UPDATE audit.entries SET after = jsonb_set(after, '{name}', '"篡改"') WHERE id = ${third!.entry_id}`);
    let result = await verifyChain(h.db);
    expect(result).toMatchObject({
      ok: false,
      brokenAt: { seq: third!.seq, entryId: third!.entry_id, reason: expect.stringContaining('payload') },
    });

    await tamper(sql`UPDATE audit.entries SET actor = 'mallory' WHERE id = ${second!.entry_id}`);
    result = await verifyChain(h.db);
    expect(result).toMatchObject({ ok: false, rows: 1, brokenAt: { seq: second!.seq, reason: expect.stringContaining('hash') } });
  });
});
