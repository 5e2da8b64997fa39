import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealAll, verifyChain } from '../../src/audit/chain.js';
import { migrate } from '../../src/db/migrate.js';
import { readSchemaFiles } from '../../src/db/schema-files.js';
import { openEmptyDatabase } from '../helpers/empty-database.js';
import { createSubject, DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Races that only a real PostgreSQL shows (PGlite is a single connection). */
let h: Harness;
let token: string;
beforeAll(async () => {
  h = await createHarness();
  token = await h.tokens.sign('regulator', { dept: DEPT_A });
});
afterAll(async () => {
  await h.close();
});

describe('concurrent writes', () => {
  it('registers a code once when 20 requests race for it', async () => {
    const body = subjectBody();
    const results = await Promise.all(Array.from({ length: 20 }, () => h.request('POST', '/api/v1/subjects', { token, body })));
    const statuses = results.map((r) => r.status).sort();
    expect(
      statuses.filter((s) => s === 201),
      results.map(show).join('\n'),
    ).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
  });

  it('keeps every rename when 10 race on one subject, and the chain stays whole', async () => {
    const { uscc } = await createSubject(h, token);
    const names = Array.from({ length: 10 }, (_, i) => `并发更名${i}有限公司`);
    const results = await Promise.all(names.map((name) => h.request('PATCH', `/api/v1/subjects/${uscc}`, { token, body: { name } })));
    expect(
      results.every((r) => r.status === 200),
      results.map(show).join('\n'),
    ).toBe(true);
    const final = await h.request('GET', `/api/v1/subjects/${uscc}`, { token });
    expect(final.body.version).toBe(11);
    expect(final.body.previousNames).toHaveLength(10);
    await sealAll(h.db);
    expect(await verifyChain(h.db)).toMatchObject({ ok: true, pending: 0 });
  });

  it('replays one answer when the same idempotency key races', async () => {
    const body = subjectBody();
    const headers = { 'Idempotency-Key': `race-${body.uscc}` };
    const results = await Promise.all(Array.from({ length: 8 }, () => h.request('POST', '/api/v1/subjects', { token, body, headers })));
    const created = results.filter((r) => r.status === 201);
    expect(created.length, results.map(show).join('\n')).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r.status === 201 || r.status === 409)).toBe(true);
    expect(new Set(created.map((r) => r.body.id)).size).toBe(1);
    const audits = await h.db.selectFrom('audit.entries').select('id').where('entity_id', '=', created[0]!.body.id).execute();
    expect(audits).toHaveLength(1);
  });
});

describe('concurrent migrations', () => {
  it('lets two processes migrate one database together: one applies, the other waits and finds it current', async () => {
    const database = await openEmptyDatabase();
    try {
      const files = readSchemaFiles();
      const [a, b] = await Promise.all([migrate(await database.session(), files), migrate(await database.session(), files)]);
      expect([a, b].map((applied) => applied.length).sort()).toEqual([0, files.length]);
    } finally {
      await database.close();
    }
  });
});
