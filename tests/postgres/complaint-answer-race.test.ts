import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { ensureSubject } from '../../src/features/subjects/index.js';
import { event, newContract } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';

/** Issue 9 #24, the arrears part: a race loser gets 409 and the current state, never a 500 or a spurious 409. */
let h: Harness;
let finance: string;
let regulator: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:race' });
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'regulator:race' });
});
afterAll(async () => {
  await h.close();
});

describe('racing answers to one complaint', () => {
  it('answers once; every loser gets 409 with the complaint as it now stands', async () => {
    const contract = await newContract(h, finance);
    await event(h, finance, contract.id, { type: 'delivery', on: '2026-02-02', amountFen: 100_000 });
    const filed = await h.request('POST', '/api/v1/arrears/complaints', {
      token: finance,
      body: { contractId: contract.id, content: '逾期未付' },
    });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        h.request('POST', `/api/v1/arrears/complaints/${filed.body.id}/answer`, {
          token: regulator,
          body: { answer: `属实 ${i}`, justified: true, documentNo: `沈人防清〔2026〕${i}号` },
        }),
      ),
    );
    const winners = results.filter((r) => r.status === 200);
    const losers = results.filter((r) => r.status === 409);
    expect(
      winners,
      results
        .filter((r) => r.status !== 200 && r.status !== 409)
        .map(show)
        .join('\n'),
    ).toHaveLength(1);
    expect(losers).toHaveLength(19);
    const answered = winners[0]!.body;
    for (const loser of losers) {
      expect(loser.body).toMatchObject({
        state: 'answered',
        complaint: { id: filed.body.id, answeredOn: '2026-11-20', answer: answered.answer, creditRecordId: answered.creditRecordId },
      });
    }
    const events = await h.db
      .selectFrom('sync.events')
      .select('id')
      .where('type', '=', 'arrears.complaint_justified')
      .where('entity_id', '=', filed.body.id)
      .execute();
    expect(events).toHaveLength(1);
  });
});

describe('registering one unregistered debtor from two transactions at once', () => {
  it('lets the second wait for the first and use the subject it registered (no spurious 409)', async () => {
    const uscc = uniqueUscc('11', '210100');
    const input = {
      uscc,
      name: '沈阳市某区机关事务服务中心',
      kind: 'government' as const,
      legalRepresentative: '（机关负责人）',
      region: '210100',
    };
    const ctx = { actor: { sub: 'regulator:race', role: 'regulator' as const, dept: DEPT_A }, clock: systemClock, requestId: null };
    let inserted!: () => void;
    const firstInserted = new Promise<void>((resolve) => {
      inserted = resolve;
    });
    let commit!: () => void;
    const mayCommit = new Promise<void>((resolve) => {
      commit = resolve;
    });
    // The first consumer registers the subject and holds its transaction open.
    const first = h.db.transaction().execute(async (trx) => {
      const subject = await ensureSubject(trx, ctx, input);
      inserted();
      await mayCommit;
      return subject;
    });
    await firstInserted;
    // The second finds no committed subject, and its insert waits on the first's unique key.
    const second = h.db.transaction().execute((trx) => ensureSubject(trx, ctx, input));
    await waitForLockWait();
    commit();
    const [a, b] = await Promise.all([first, second]);
    expect(b.id).toBe(a.id);
    const subjects = await h.db.selectFrom('credit.subjects').select('id').where('uscc', '=', uscc).execute();
    expect(subjects).toHaveLength(1);
  });
});

/** Until a backend of this database waits on a lock (the second insert), so the race really happens. */
async function waitForLockWait() {
  for (let i = 0; i < 200; i += 1) {
    const waiting = await sql<{ n: string }>`
      SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'`.execute(h.db);
    if (Number(waiting.rows[0]!.n) > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error('the second transaction never waited on the first');
}
