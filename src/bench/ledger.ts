import { sql } from 'kysely';
import { systemActor } from '../core/actor.js';
import { fixedClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { aging, post } from '../features/arrears/index.js';
import { fmt, percentile, row, time } from './stats.js';

/**
 * `npm run bench -- ledger`: postings per second on one contract and spread over many, and the aging
 * report over 1,000,000 postings, each beside bare SQL doing the same work.
 */
const clock = fixedClock('2026-11-20T04:00:00Z');
const finance = { ...systemActor('bench'), sub: 'finance:bench', role: 'finance' as const };

async function generate(db: Db, postings: number) {
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM arrears.postings`.execute(db)).rows[0]!.n);
  if (have >= postings) {
    console.log(`reusing ${have} postings already in the database`);
    return;
  }
  const contracts = postings / 10;
  console.log(`generating ${contracts} contracts, ${contracts * 2} obligations and ${postings} postings …`);
  const started = performance.now();
  await sql`INSERT INTO arrears.bodies (id, uscc, name, kind, department, created_at)
    SELECT 'deb_BENCH' || lpad(g::text, 19, '0'), '112101BQ' || lpad(g::text, 10, '0'), '基准单位' || g,
           (ARRAY['organ', 'institution', 'soe'])[1 + g % 3], '基准部门' || (g % 20), now()
    FROM generate_series(1, 500) g`.execute(db);
  await sql`INSERT INTO arrears.contractors (id, uscc, name, sme, size, created_at)
    SELECT 'ctr_BENCH' || lpad(g::text, 19, '0'), '912101BQ' || lpad(g::text, 10, '0'), '基准企业' || g, true, 'small', now()
    FROM generate_series(1, 5000) g`.execute(db);
  await sql`INSERT INTO arrears.projects (id, debtor_id, name, created_at)
    SELECT 'prj_BENCH' || lpad(g::text, 19, '0'), 'deb_BENCH' || lpad(g::text, 19, '0'), '基准项目', now() FROM generate_series(1, 500) g`.execute(
    db,
  );
  await sql`INSERT INTO arrears.contracts (id, debtor_id, contractor_id, project_id, amount_fen, signed_on, payment_term_days,
      lpr_at_signing_micro, day_count_basis, sme_at_signing, size_at_signing, created_by, created_at)
    SELECT 'con_BENCH' || lpad(g::text, 19, '0'), 'deb_BENCH' || lpad((1 + g % 500)::text, 19, '0'),
           'ctr_BENCH' || lpad((1 + g % 5000)::text, 19, '0'), 'prj_BENCH' || lpad((1 + g % 500)::text, 19, '0'),
           100000000, DATE '2023-01-01', 30, 3000000, 365, true, 'small', 'system:bench', now()
    FROM generate_series(1, ${contracts}::int) g`.execute(db);
  await sql`INSERT INTO arrears.obligations (id, contract_id, basis, arose_on, start_on, due_on, created_at)
    SELECT 'obl_BENCH' || lpad((g * 2 + k)::text, 19, '0'), 'con_BENCH' || lpad(g::text, 19, '0'), 'delivery', d, d, d + 30, now()
    FROM generate_series(1, ${contracts}::int) g CROSS JOIN generate_series(0, 1) k
    CROSS JOIN LATERAL (SELECT DATE '2023-02-01' + (abs(hashtext(g::text || k)) % 1300) AS d) x`.execute(db);
  // Per obligation: its debit and four payments (10 postings a contract).
  await sql`INSERT INTO arrears.postings (id, request_id, contract_id, obligation_id, account, type, direction, amount_fen, on_date, created_by, created_at)
    SELECT 'pst_BENCH' || lpad(row_number() OVER ()::text, 19, '0'), 'prq_BENCH' || o.id || n, o.contract_id, o.id, 'principal',
           CASE WHEN n = 0 THEN 'obligation' ELSE 'payment' END, CASE WHEN n = 0 THEN 'debit' ELSE 'credit' END,
           CASE WHEN n = 0 THEN 1000000 ELSE 100000 END, o.arose_on + n * 40, 'system:bench', now()
    FROM arrears.obligations o CROSS JOIN generate_series(0, 4) n WHERE o.id LIKE 'obl_BENCH%'`.execute(db);
  await sql`VACUUM ANALYZE arrears.postings`.execute(db);
  await sql`VACUUM ANALYZE arrears.obligations`.execute(db);
  console.log(`  generated in ${fmt(performance.now() - started)}`);
}

async function benchPostings(db: Db, label: string, contracts: string[], count: number, concurrency: number) {
  // Fresh obligations to pay against, on contracts of their own.
  const ids = contracts.slice(0, Math.max(1, concurrency));
  for (const id of ids) {
    await sql`INSERT INTO arrears.obligations (id, contract_id, basis, arose_on, start_on, due_on, created_at)
      VALUES (${`obl_BENCHPAY${id.slice(-14)}`}, ${id}, 'delivery', '2026-01-05', '2026-01-05', '2026-02-04', now()) ON CONFLICT DO NOTHING`.execute(
      db,
    );
    await sql`INSERT INTO arrears.postings (id, request_id, contract_id, obligation_id, account, type, direction, amount_fen, on_date, created_by, created_at)
      VALUES (${`pst_BENCHPAY${id.slice(-14)}`}, 'prq_benchpay', ${id}, ${`obl_BENCHPAY${id.slice(-14)}`}, 'principal', 'obligation', 'debit', 90000000, '2026-01-05', 'system:bench', now())
      ON CONFLICT DO NOTHING`.execute(db);
  }
  const run = Date.now();
  const appStart = performance.now();
  let next = 0;
  await Promise.all(
    ids.map(async (id) => {
      while (next < count) {
        const i = next++;
        await post(db, { actor: finance, clock, requestId: null }, id, `bench-${run}-${i}`, {
          type: 'payment',
          amountFen: '1',
          on: '2026-06-01',
        });
      }
    }),
  );
  const appMs = performance.now() - appStart;
  const bareStart = performance.now();
  next = 0;
  await Promise.all(
    ids.map(async (id) => {
      while (next < count) {
        const i = next++;
        await db.transaction().execute(async (trx) => {
          await sql`SELECT id FROM arrears.contracts WHERE id = ${id} FOR UPDATE`.execute(trx);
          await sql`SELECT coalesce(sum(CASE direction WHEN 'debit' THEN amount_fen ELSE -amount_fen END), 0) FROM arrears.postings WHERE contract_id = ${id} AND account = 'principal'`.execute(
            trx,
          );
          await sql`INSERT INTO arrears.postings (id, request_id, contract_id, obligation_id, account, type, direction, amount_fen, on_date, created_by, created_at)
          VALUES (${`pst_BARE${run}${String(i).padStart(8, '0')}`.slice(0, 30)}, 'prq_bare', ${id}, ${`obl_BENCHPAY${id.slice(-14)}`}, 'principal', 'payment', 'credit', 1, '2026-06-01', 'bench', now())`.execute(
            trx,
          );
        });
      }
    }),
  );
  const bareMs = performance.now() - bareStart;
  const perSecond = (ms: number) => (count / (ms / 1000)).toFixed(0);
  console.log(
    `${label}: ${count} payments — app ${perSecond(appMs)}/s, bare SQL ${perSecond(bareMs)}/s, ratio ${(appMs / bareMs).toFixed(2)}`,
  );
}

export async function benchLedger(db: Db, size: { postings: number }) {
  const { postings } = size;
  await generate(db, postings);
  const contracts = (
    await sql<{ id: string }>`SELECT id FROM arrears.contracts WHERE id LIKE 'con_BENCH%' ORDER BY id LIMIT 8`.execute(db)
  ).rows.map((r) => r.id);
  await benchPostings(db, 'one contract (serialised by its lock)', contracts, 300, 1);
  await benchPostings(db, 'spread over 4 contracts, 4 at a time', contracts.slice(1), 600, 4);

  const appTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < 5; i++) {
    appTimes.push((await time(() => aging(db, finance, '2026-11-20', 'body'))).ms);
    bareTimes.push(
      (
        await time(() =>
          sql`
      SELECT b.uscc, width_bucket(DATE '2026-11-20' - o.due_on, ARRAY[1, 31, 91, 181, 366]) AS bucket, count(*), sum(s.outstanding)
      FROM (SELECT obligation_id, sum(CASE direction WHEN 'debit' THEN amount_fen ELSE -amount_fen END) AS outstanding
            FROM arrears.postings WHERE account = 'principal' AND on_date <= '2026-11-20' GROUP BY obligation_id) s
      JOIN arrears.obligations o ON o.id = s.obligation_id JOIN arrears.contracts c ON c.id = o.contract_id JOIN arrears.bodies b ON b.id = c.debtor_id
      WHERE s.outstanding > 0 GROUP BY 1, 2`.execute(db),
        )
      ).ms,
    );
  }
  console.log(`aging report over ${postings} postings (median of 5)`);
  console.log(row('  aging by body', percentile(appTimes, 50), percentile(bareTimes, 50)));
}
