import { sql } from 'kysely';
import { systemClock } from '../../core/clock.js';
import type { Db } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { agingReport, disclosureReport, progressReport } from './reports.js';
import { MAX_FEN } from './schemas.js';

/**
 * `npm run ledger:verify`: the ledger keeps no cached balances (every balance is derived from the
 * postings), so this checks what the derivation relies on, and that every report can be computed as
 * of `today` (naming the report and why when one cannot). Read-only; returns the problems found.
 */
export async function verifyLedger(
  db: Db,
  today: IsoDate = systemClock.today(),
): Promise<{ postings: number; contracts: number; problems: string[] }> {
  const problems: string[] = [];
  const check = async (label: string, query: ReturnType<typeof sql<{ id: string }>>) => {
    const rows = (await query.execute(db)).rows;
    for (const r of rows.slice(0, 20)) problems.push(`${label}: ${r.id}`);
    if (rows.length > 20) problems.push(`${label}: … and ${rows.length - 20} more`);
  };
  await check(
    'reversal that does not mirror the posting it reverses',
    sql<{ id: string }>`
    SELECT r.id FROM arrears.postings r JOIN arrears.postings p ON p.id = r.reverses
    WHERE r.contract_id <> p.contract_id OR r.amount_fen <> p.amount_fen OR r.direction = p.direction
       OR r.account <> p.account OR coalesce(r.obligation_id, '') <> coalesce(p.obligation_id, '') OR p.type = 'reversal'`,
  );
  await check(
    'obligation with more paid than owed',
    sql<{ id: string }>`
    SELECT obligation_id AS id FROM arrears.postings WHERE account = 'principal'
    GROUP BY obligation_id HAVING sum(CASE direction WHEN 'debit' THEN amount_fen ELSE -amount_fen END) < 0`,
  );
  await check(
    'posting request whose answer does not match its postings',
    sql<{ id: string }>`
    SELECT q.id FROM arrears.posting_requests q
    WHERE (SELECT count(*) FROM jsonb_array_elements(q.response->'postings') e
           WHERE NOT EXISTS (SELECT 1 FROM arrears.postings p WHERE p.id = e->>'id' AND p.amount_fen::text = e->>'amountFen'
                              AND p.direction = e->>'direction' AND p.request_id = q.id)) > 0`,
  );
  await check(
    'obligation without its obligation posting',
    sql<{ id: string }>`
    SELECT o.id FROM arrears.obligations o
    WHERE NOT EXISTS (SELECT 1 FROM arrears.postings p WHERE p.obligation_id = o.id AND p.type = 'obligation')`,
  );
  await check(
    'contract whose obligations exceed its amount',
    sql<{ id: string }>`
    SELECT c.id FROM arrears.contracts c JOIN arrears.postings p ON p.contract_id = c.id AND p.type = 'obligation'
    WHERE NOT EXISTS (SELECT 1 FROM arrears.postings r WHERE r.reverses = p.id)
    GROUP BY c.id, c.amount_fen HAVING sum(p.amount_fen) > c.amount_fen`,
  );
  // Amounts beyond what one contract can be were refused at input from migration 0009 on; older rows are named here.
  await check(
    `contract, posting or event beyond ${MAX_FEN} fen, the most one contract can be`,
    sql<{ id: string }>`
    SELECT id FROM arrears.contracts WHERE amount_fen > ${MAX_FEN.toString()}::numeric
    UNION ALL SELECT id FROM arrears.postings WHERE amount_fen > ${MAX_FEN.toString()}::numeric
    UNION ALL SELECT id FROM arrears.contract_events WHERE amount_fen > ${MAX_FEN.toString()}::numeric`,
  );
  await check(
    `contract owing more than ${MAX_FEN} fen after adjustments`,
    sql<{ id: string }>`
    SELECT p.contract_id AS id FROM arrears.postings p
    WHERE p.account = 'principal' AND p.type <> 'reversal' AND NOT EXISTS (SELECT 1 FROM arrears.postings r WHERE r.reverses = p.id)
    GROUP BY p.contract_id
    HAVING sum(CASE p.direction WHEN 'debit' THEN p.amount_fen::numeric ELSE 0 END) > ${MAX_FEN.toString()}::numeric`,
  );
  const year = Number(today.slice(0, 4));
  const reports: [string, () => Promise<unknown>][] = [
    [`aging by body as of ${today}`, () => agingReport(db, today, 'body')],
    [`aging by department as of ${today}`, () => agingReport(db, today, 'department')],
    [`disclosure for ${year - 1}`, () => disclosureReport(db, year - 1)],
    [`progress from ${year}-01-01 to ${today}`, () => progressReport(db, `${year}-01-01`, today)],
  ];
  for (const [name, compute] of reports) {
    try {
      await compute();
    } catch (error) {
      problems.push(`report that cannot be computed: ${name}: ${(error as Error).message}`);
    }
  }
  const counts = await sql<{ postings: string; contracts: string }>`
    SELECT (SELECT count(*) FROM arrears.postings) AS postings, (SELECT count(*) FROM arrears.contracts) AS contracts`.execute(db);
  return { postings: Number(counts.rows[0]!.postings), contracts: Number(counts.rows[0]!.contracts), problems };
}
