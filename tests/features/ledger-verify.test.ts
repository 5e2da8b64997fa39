import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../src/features/arrears/verify.js';
import { event, newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { createHarness, type Harness } from '../helpers/harness.js';

let h: Harness;
let finance: string;
beforeAll(async () => {
  h = await createHarness({ clock: settableClock(onDay('2026-11-20')) });
  finance = await h.tokens.sign('finance', { sub: 'finance:verify' });
});
afterAll(async () => {
  await h.close();
});

describe('ledger verification', () => {
  it('passes an honest ledger and names a posting altered behind the triggers', async () => {
    const c = await newContract(h, finance);
    await event(h, finance, c.id, { type: 'delivery', on: '2026-03-02', amountFen: 100_000 });
    const paid = await postTo(h, finance, c.id, { type: 'payment', amountFen: 60_000, on: '2026-06-01' });
    await postTo(h, finance, c.id, { type: 'reversal', reverses: paid.body.postings[0].id, on: '2026-06-02', reason: '退票' });
    expect((await verifyLedger(h.db)).problems).toEqual([]);

    await h.db.transaction().execute(async (trx) => {
      await sql`ALTER TABLE arrears.postings DISABLE TRIGGER postings_append_only`.execute(trx);
      await sql`UPDATE arrears.postings SET amount_fen = 160000 WHERE id = ${paid.body.postings[0].id}`.execute(trx);
      await sql`ALTER TABLE arrears.postings ENABLE TRIGGER postings_append_only`.execute(trx);
    });
    const result = await verifyLedger(h.db);
    expect(result.problems.join('\n')).toContain(paid.body.requestId);
    expect(result.problems.join('\n')).toContain('reversal that does not mirror');
  });
});
