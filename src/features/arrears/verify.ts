import { sql } from 'kysely';
import type { Db } from '../../db/types.js';

/**
 * `npm run ledger:verify`: the ledger keeps no cached balances (every balance is derived from the
 * postings), so this checks what the derivation relies on. Read-only; returns the problems found.
 */
export async function verifyLedger(db: Db): Promise<{ postings: number; contracts: number; problems: string[] }> {
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
  const counts = await sql<{ postings: string; contracts: string }>`
    SELECT (SELECT count(*) FROM arrears.postings) AS postings, (SELECT count(*) FROM arrears.contracts) AS contracts`.execute(db);
  return { postings: Number(counts.rows[0]!.postings), contracts: Number(counts.rows[0]!.contracts), problems };
}
