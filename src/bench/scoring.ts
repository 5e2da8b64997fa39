import { sql } from 'kysely';
import { type Ctx, systemActor } from '../core/actor.js';
import { fixedClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { runCheck } from '../features/checks/index.js';
import { evaluateSubject, runYear } from '../features/evaluation/index.js';
import { fmt, percentile, row, time } from './stats.js';
import { syntheticUscc } from './synthetic.js';

/**
 * `npm run bench -- scoring`: 1,000,000 subjects and 3,000,000 records of synthetic data, then the
 * yearly run, single evaluations and a 10,000-code bulk check, each beside bare SQL doing the same work.
 */
const RECORDS_PER_SUBJECT = 3;
const clock = fixedClock('2026-11-20T04:00:00Z');

const syntheticSubject = (n: number) => syntheticUscc('BQ', n);

async function generate(db: Db, subjects: number) {
  const have = Number((await sql<{ n: string }>`SELECT count(*) AS n FROM credit.subjects`.execute(db)).rows[0]!.n);
  if (have >= subjects) {
    console.log(`reusing ${have} subjects already in the database`);
    return;
  }
  console.log(`generating ${subjects} subjects and ${subjects * RECORDS_PER_SUBJECT} records …`);
  const batch = 20_000;
  const started = performance.now();
  for (let from = have; from < subjects; from += batch) {
    const n = Math.min(batch, subjects - from);
    const codes = Array.from({ length: n }, (_, i) => syntheticSubject(from + i));
    await sql`INSERT INTO credit.subjects (id, uscc, name, kind, legal_representative, region, created_at, updated_at)
      SELECT 'sub_BENCH' || lpad(((${from}::int + o)::text), 19, '0'), c,
             '基准测试' || (${from}::int + o) || '号工程咨询有限公司',
             CASE WHEN o % 2 = 0 THEN 'intermediary' ELSE 'enterprise' END, '张三', '210100', now(), now()
      FROM unnest(${codes}::text[]) WITH ORDINALITY AS t(c, o)`.execute(db);
  }
  console.log(`  subjects: ${fmt(performance.now() - started)}`);
  const recStart = performance.now();
  await sql`INSERT INTO credit.records (id, revision, subject_id, department, kind, category, severity, facts, basis, document_no,
      decided_on, rule_version, is_public, display_from, repairable_from, display_until, shown_until, recorded_by, recorded_at)
    SELECT 'rec_BENCH' || lpad((row_number() OVER ())::text, 19, '0'), 1, s.id, '11210100QY80000166',
           CASE WHEN k.sev IS NULL THEN 'good' ELSE 'dishonesty' END,
           CASE WHEN k.sev IS NULL THEN 'commendation' ELSE 'unjustified_delay' END,
           k.sev, 'synthetic', 'synthetic', 'BENCH-' || s.id || '-' || g, k.decided, '36号令-2026', k.sev IS DISTINCT FROM 'minor',
           k.decided, CASE WHEN k.sev IS NULL THEN NULL ELSE k.decided + 90 END,
           k.decided + CASE k.sev WHEN 'serious' THEN 1095 WHEN 'general' THEN 365 WHEN 'minor' THEN 90 ELSE 1095 END,
           k.decided + CASE k.sev WHEN 'serious' THEN 1095 WHEN 'general' THEN 365 WHEN 'minor' THEN 90 ELSE 1095 END,
           'system:bench', now()
    FROM credit.subjects s
    CROSS JOIN generate_series(1, ${RECORDS_PER_SUBJECT}::int) AS g
    CROSS JOIN LATERAL (SELECT
        (ARRAY[NULL, 'minor', 'general', 'general', 'serious', NULL, 'minor', NULL])[1 + (abs(hashtext(s.id || g)) % 8)] AS sev,
        DATE '2023-01-01' + (abs(hashtext(s.id || '/' || g)) % 1400) AS decided) k
    WHERE s.id LIKE 'sub_BENCH%'`.execute(db);
  // As autovacuum would in production: statistics, and the visibility map index-only scans rely on.
  await sql`VACUUM ANALYZE credit.subjects`.execute(db);
  await sql`VACUUM ANALYZE credit.records`.execute(db);
  console.log(`  records: ${fmt(performance.now() - recStart)}`);
}

export async function benchScoring(db: Db, size: { subjects: number }) {
  const { subjects } = size;
  await generate(db, subjects);
  const ctx: Ctx = { actor: systemActor('bench'), clock, requestId: null };
  const regulator = { sub: 'bench', role: 'regulator' as const, dept: '11210100QY80000166' };

  // Yearly run: the verb (insert of every grade + run row + audit) vs the bare aggregate it wraps.
  const app = await time(() => runYear(db, ctx, 2025));
  const bare = await time(() =>
    sql`CREATE TEMP TABLE bare_grades AS
      SELECT s.id, greatest(0, 100 - coalesce(c.ded, 0) + least(coalesce(c.good, 0) * 5, 10)) AS score, coalesce(c.serious, false) AS serious
      FROM credit.subjects s LEFT JOIN (
        SELECT subject_id, sum(CASE severity WHEN 'minor' THEN 2 WHEN 'general' THEN 10 WHEN 'serious' THEN 30 ELSE 0 END) AS ded,
               count(*) FILTER (WHERE kind = 'good') AS good, bool_or(severity = 'serious') AS serious
        FROM credit.records WHERE superseded_at IS NULL AND decided_on <= '2025-12-31' AND voided_on IS NULL
          AND (shown_until >= '2025-12-31' OR (obligations_unmet AND end_reason IS NULL))
        GROUP BY subject_id) c ON c.subject_id = s.id`.execute(db),
  );
  await sql`DROP TABLE bare_grades`.execute(db);
  console.log(`yearly run over ${app.value.subjects} subjects (target < 120 s)`);
  console.log(row('  evaluation run', app.ms, bare.ms));

  // Single evaluations of random subjects.
  const sample = Array.from({ length: 500 }, (_, i) => syntheticSubject((i * 7919) % subjects));
  const appTimes: number[] = [];
  const bareTimes: number[] = [];
  for (const uscc of sample) {
    // Warm the pages both will read, so neither pays the other's cold reads.
    await evaluateSubject(db, regulator, uscc, '2026-11-20');
    appTimes.push((await time(() => evaluateSubject(db, regulator, uscc, '2026-11-20'))).ms);
    bareTimes.push(
      (
        await time(() =>
          sql`SELECT r.id, r.kind, r.severity, r.decided_on FROM credit.subjects s
        JOIN credit.records r ON r.subject_id = s.id AND r.superseded_at IS NULL
        WHERE s.uscc = ${uscc} AND r.decided_on <= '2026-11-20' AND r.voided_on IS NULL
          AND (r.shown_until >= '2026-11-20' OR (r.obligations_unmet AND r.end_reason IS NULL))`.execute(db),
        )
      ).ms,
    );
  }
  console.log('single evaluation (target p99 < 10 ms)');
  console.log(row('  p50', percentile(appTimes, 50), percentile(bareTimes, 50)));
  console.log(row('  p99', percentile(appTimes, 99), percentile(bareTimes, 99)));

  // Bulk checks of 10,000 codes.
  const appChecks: number[] = [];
  const bareChecks: number[] = [];
  for (let round = 0; round < 7; round++) {
    const codes = Array.from({ length: 10_000 }, (_, i) => syntheticSubject((round * 104_729 + i * 97) % subjects));
    await runCheck(db, { ...ctx, actor: regulator }, codes, '2026-11-20'); // warm-up: both then read cached pages
    appChecks.push((await time(() => runCheck(db, { ...ctx, actor: regulator }, codes, '2026-11-20'))).ms);
    bareChecks.push(
      (
        await time(() =>
          sql`SELECT s.uscc, c.* FROM unnest(${codes}::text[]) AS i(uscc) JOIN credit.subjects s ON s.uscc = i.uscc
        LEFT JOIN LATERAL (SELECT sum(CASE severity WHEN 'minor' THEN 2 WHEN 'general' THEN 10 WHEN 'serious' THEN 30 ELSE 0 END) AS ded,
               count(*) FILTER (WHERE kind = 'good') AS good, bool_or(severity = 'serious') AS serious
          FROM credit.records r WHERE r.subject_id = s.id AND r.superseded_at IS NULL
            AND r.decided_on <= '2026-11-20' AND r.voided_on IS NULL
            AND (r.shown_until >= '2026-11-20' OR (r.obligations_unmet AND r.end_reason IS NULL))) c ON true`.execute(db),
        )
      ).ms,
    );
  }
  console.log('bulk check of 10,000 codes (target p50 < 300 ms)');
  console.log(row('  p50', percentile(appChecks, 50), percentile(bareChecks, 50)));
}
