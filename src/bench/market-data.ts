import { sql } from 'kysely';
import type { Db } from '../db/types.js';
import { fmt } from './stats.js';
import { syntheticUscc } from './synthetic.js';

/**
 * Deterministic synthetic data for `npm run bench -- market`, written set-based into the bench
 * database and reused when present. Every value derives from the row number (hashtext), so two runs
 * at one size build the same market.
 */
export type MarketSize = { agencies: number; announcements: number; ratings: number };

export const BENCH_REGIONS = ['210102', '210103', '210104', '210105', '210106', '210111', '210112', '210113', '210114', '210115'];
const DEPT = '11210100QY80000166';

export const agencyUscc = (n: number) => syntheticUscc('BM', n);

async function count(db: Db, table: string, where = 'true'): Promise<number> {
  const r = await sql<{ n: string }>`SELECT count(*) AS n FROM ${sql.raw(table)} WHERE ${sql.raw(where)}`.execute(db);
  return Number(r.rows[0]!.n);
}

export async function generateMarket(db: Db, size: MarketSize): Promise<void> {
  const started = performance.now();
  if ((await count(db, 'market.agencies', `subject_id LIKE 'sub_BMKT%'`)) < size.agencies) await agencies(db, size.agencies);
  else console.log(`reusing ${size.agencies} agencies`);
  // Ratings are one per completed selection, so the history holds at least as many completed
  // announcements as ratings; `announcements` more are open or in other states.
  const completed = size.ratings;
  const total = completed + size.announcements;
  if ((await count(db, 'market.announcements', `id LIKE 'ann_BMKT%'`)) < total) await announcements(db, size, completed);
  else console.log(`reusing ${total} announcements and ${completed} ratings`);
  console.log(`  market data ready in ${fmt(performance.now() - started)}`);
}

async function agencies(db: Db, n: number) {
  console.log(`generating ${n} agencies with offers, qualifications and records …`);
  const batch = 20_000;
  for (let from = 0; from < n; from += batch) {
    const size = Math.min(batch, n - from);
    const codes = Array.from({ length: size }, (_, i) => agencyUscc(from + i));
    await sql`INSERT INTO credit.subjects (id, uscc, name, kind, legal_representative, region, created_at, updated_at)
      SELECT 'sub_BMKT' || lpad((${from}::int + o - 1)::text, 19, '0'), c, '基准中介' || (${from}::int + o - 1) || '号咨询有限公司',
             'intermediary', '李四', (${BENCH_REGIONS}::text[])[1 + (${from}::int + o - 1) % 10], now(), now()
      FROM unnest(${codes}::text[]) WITH ORDINALITY AS t(c, o)
      ON CONFLICT (uscc) DO NOTHING`.execute(db);
  }
  await sql`INSERT INTO market.agencies (subject_id, state, applied_at, applied_on, admission_due_on, decided_at, decided_by,
      staff_count, regions, introduction, contact_name, contact_phone, created_at, updated_at)
    SELECT s.id, 'admitted', now(), DATE '2025-01-02', DATE '2025-01-06', now(), 'system:bench',
           5 + abs(hashtext(s.id)) % 96,
           CASE WHEN abs(hashtext(s.id || 'r')) % 4 = 0 THEN ARRAY['210100'] ELSE ARRAY[s.region] END,
           '', '业务联系人', '024-88880000', now(), now()
    FROM credit.subjects s WHERE s.id LIKE 'sub_BMKT%' ON CONFLICT DO NOTHING`.execute(db);
  // Three services each, among the catalogue's, with fixed or range fees (a few by discount rate).
  await sql`INSERT INTO market.offers (subject_id, service, fee_kind, fee_basis, fee_min_fen, fee_max_fen, discount_rate, unit)
    SELECT a.subject_id, sv.code, k.kind, '市场调节价', k.min_fen, k.max_fen, k.rate, '项'
    FROM market.agencies a
    CROSS JOIN generate_series(0, 2) AS g
    JOIN LATERAL (SELECT code FROM market.services ORDER BY sort OFFSET (abs(hashtext(a.subject_id)) + g * 3) % 10 LIMIT 1) sv ON true
    CROSS JOIN LATERAL (SELECT
        CASE WHEN abs(hashtext(a.subject_id || g)) % 10 = 0 THEN 'discount' WHEN abs(hashtext(a.subject_id || g)) % 2 = 0 THEN 'fixed' ELSE 'range' END AS kind) kk
    CROSS JOIN LATERAL (SELECT kk.kind,
        CASE WHEN kk.kind = 'discount' THEN NULL ELSE (100000 + abs(hashtext(a.subject_id || 'fee' || g)) % 900000)::bigint END AS min_fen,
        CASE WHEN kk.kind = 'discount' THEN NULL WHEN kk.kind = 'fixed' THEN (100000 + abs(hashtext(a.subject_id || 'fee' || g)) % 900000)::bigint
             ELSE (100000 + abs(hashtext(a.subject_id || 'fee' || g)) % 900000 + 50000)::bigint END AS max_fen,
        CASE WHEN kk.kind = 'discount' THEN (0.7 + (abs(hashtext(a.subject_id || g)) % 30) / 100.0)::numeric(5, 4) END AS rate) k
    WHERE a.subject_id LIKE 'sub_BMKT%' ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO market.qualifications (subject_id, name, level, certificate_no, valid_until)
    SELECT a.subject_id, (ARRAY['工程咨询单位资信', '造价咨询企业资质', '人防工程监理资质', '检验检测机构资质认定'])[1 + (abs(hashtext(a.subject_id)) + g) % 4],
           (ARRAY['甲级', '乙级', '丙级'])[1 + abs(hashtext(a.subject_id || g)) % 3], 'BMQ-' || a.subject_id || '-' || g,
           DATE '2026-06-01' + abs(hashtext(a.subject_id || 'q' || g)) % 1500
    FROM market.agencies a CROSS JOIN generate_series(1, 2) AS g
    WHERE a.subject_id LIKE 'sub_BMKT%' ON CONFLICT DO NOTHING`.execute(db);
  // One agency in ten has a dishonesty record; one in fifty of those a serious one.
  await sql`INSERT INTO credit.records (id, revision, subject_id, department, kind, category, severity, facts, basis, document_no, sector,
      decided_on, rule_version, is_public, display_from, repairable_from, display_until, shown_until, recorded_by, recorded_at)
    SELECT 'rec_BMKT' || substr(s.id, 9), 1, s.id, ${DEPT}, 'dishonesty', 'unjustified_delay', k.sev, 'synthetic', 'synthetic',
           'BMKT-' || s.id, 'intermediary', DATE '2026-03-01', '36号令-2026', k.sev <> 'minor', DATE '2026-03-01', DATE '2026-06-01',
           DATE '2027-03-01', DATE '2027-03-01', 'system:bench', now()
    FROM credit.subjects s
    CROSS JOIN LATERAL (SELECT (ARRAY['minor', 'general', 'general', 'general', 'serious'])[1 + abs(hashtext(s.id || 'sev')) % 5] AS sev) k
    WHERE s.id LIKE 'sub_BMKT%' AND abs(hashtext(s.id || 'rec')) % 10 = 0 ON CONFLICT DO NOTHING`.execute(db);
  await sql`VACUUM ANALYZE credit.subjects`.execute(db);
  for (const t of ['agencies', 'offers', 'qualifications']) await sql`VACUUM ANALYZE ${sql.raw(`market.${t}`)}`.execute(db);
}

async function announcements(db: Db, size: MarketSize, completed: number) {
  const total = completed + size.announcements;
  console.log(`generating ${total} announcements (${completed} completed with selections and ratings) …`);
  const t0 = performance.now();
  const agencies = size.agencies;
  await sql`INSERT INTO market.announcements (id, owner_sub, owner_name, project_code, project_name, service, region, fiscal, quote_kind,
      price_cap_fen, signup_deadline, selection_at, qualification_match, mode, complaint_contact, state, published_at, created_at, updated_at)
    SELECT 'ann_BMKT' || lpad(g::text, 18, '0'), 'bench-owner-' || (g % 5000), '基准业主' || (g % 5000), '2025-210100-' || lpad(g::text, 8, '0'),
           '基准项目' || g, (SELECT code FROM market.services ORDER BY sort OFFSET g % 10 LIMIT 1), (${BENCH_REGIONS}::text[])[1 + g % 10],
           g % 3 = 0, 'amount', 2000000,
           -- Those still signing up close years ahead: a synthetic open announcement has no draw commitment, so
           -- the selection job must never reach it while a benchmark runs.
           TIMESTAMPTZ '2025-01-10T02:00:00Z' + (g % 600) * interval '1 day' + CASE WHEN g > ${completed}::int AND g % 5 = 0 THEN interval '8 years' ELSE interval '0' END,
           TIMESTAMPTZ '2025-01-10T03:00:00Z' + (g % 600) * interval '1 day' + CASE WHEN g > ${completed}::int AND g % 5 = 0 THEN interval '8 years' ELSE interval '0' END,
           'any', 'random', '024-12345',
           CASE WHEN g <= ${completed}::int THEN 'completed' ELSE (ARRAY['signing_up', 'selected', 'under_contract', 'failed', 'cancelled'])[1 + g % 5] END,
           now(), now(), now()
    FROM generate_series(1, ${total}::int) AS g ON CONFLICT DO NOTHING`.execute(db);
  console.log(`  announcements: ${fmt(performance.now() - t0)}`);
  const t1 = performance.now();
  await sql`INSERT INTO market.selections (id, announcement_id, mode, state, winner_subject_id, made_by, made_at, confirmed_at)
    SELECT 'sel_BMKT' || lpad(g::text, 18, '0'), 'ann_BMKT' || lpad(g::text, 18, '0'), 'random', 'confirmed',
           'sub_BMKT' || lpad((abs(hashtext(g::text)) % ${agencies}::int)::text, 19, '0'), 'system:bench', now(), now()
    FROM generate_series(1, ${completed}::int) AS g ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO market.ratings (id, selection_id, subject_id, owner_sub, quality, timeliness, attitude, fee, conduct, rated_on, created_at)
    SELECT 'rat_BMKT' || substr(s.id, 9), s.id, s.winner_subject_id, 'bench-owner', 1 + abs(hashtext(s.id || 'q')) % 5,
           1 + abs(hashtext(s.id || 't')) % 5, 1 + abs(hashtext(s.id || 'a')) % 5, 1 + abs(hashtext(s.id || 'f')) % 5,
           1 + abs(hashtext(s.id || 'c')) % 5, DATE '2024-01-01' + abs(hashtext(s.id)) % 1050, now()
    FROM market.selections s WHERE s.id LIKE 'sel_BMKT%' ON CONFLICT DO NOTHING`.execute(db);
  await sql`INSERT INTO market.rating_totals (subject_id, count, quality_sum, timeliness_sum, attitude_sum, fee_sum, conduct_sum)
    SELECT subject_id, count(*), sum(quality), sum(timeliness), sum(attitude), sum(fee), sum(conduct)
    FROM market.ratings WHERE NOT set_aside AND subject_id LIKE 'sub_BMKT%' GROUP BY subject_id
    ON CONFLICT (subject_id) DO UPDATE SET count = excluded.count, quality_sum = excluded.quality_sum,
      timeliness_sum = excluded.timeliness_sum, attitude_sum = excluded.attitude_sum, fee_sum = excluded.fee_sum, conduct_sum = excluded.conduct_sum`.execute(
    db,
  );
  console.log(`  selections and ratings: ${fmt(performance.now() - t1)}`);
  for (const t of ['announcements', 'selections', 'ratings', 'rating_totals'])
    await sql`VACUUM ANALYZE ${sql.raw(`market.${t}`)}`.execute(db);
}
