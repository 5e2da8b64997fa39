import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, Ctx } from '../../core/actor.js';
import type { Db } from '../../db/types.js';
import { csvLine, overdueBodyDisclosure } from '../../disclosure/index.js';
import { addDays, type IsoDate, yearEnd } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { assertSupervisor } from './policy.js';

/**
 * Reports over the whole ledger in set-based SQL. Outstanding principal as of D counts postings dated
 * by D that were never reversed; a disputed part (held apart) is not overdue and is reported apart.
 * Every sum stays numeric (PostgreSQL's sum of bigint) and leaves as a decimal string: a total over
 * many contracts may pass bigint, and one outsized contract must not stop the report for everyone.
 */
function obligationsAsOf(asOf: IsoDate) {
  return sql`
    SELECT o.id, o.contract_id, o.due_on, c.debtor_id,
           coalesce(sum(CASE p.direction WHEN 'debit' THEN p.amount_fen::numeric ELSE -p.amount_fen::numeric END), 0) AS outstanding,
           coalesce((SELECT sum(CASE e.type WHEN 'dispute' THEN e.amount_fen::numeric ELSE -e.amount_fen::numeric END)
                     FROM arrears.contract_events e
                     WHERE e.obligation_id = o.id AND e.type IN ('dispute', 'dispute_resolved') AND e.on_date <= ${asOf}::date), 0) AS disputed
    FROM arrears.obligations o
    JOIN arrears.contracts c ON c.id = o.contract_id
    LEFT JOIN arrears.postings p ON p.obligation_id = o.id AND p.type <> 'reversal' AND p.on_date <= ${asOf}::date
      AND NOT EXISTS (SELECT 1 FROM arrears.postings r WHERE r.reverses = p.id)
    WHERE o.arose_on <= ${asOf}::date
    GROUP BY o.id, o.contract_id, o.due_on, c.debtor_id`;
}

const BUCKETS = ['notYetDue', 'd1to30', 'd31to90', 'd91to180', 'd181to365', 'over365'] as const;
/** Every bucket, and the disputed part apart: counts and fen. */
type Buckets = Record<(typeof BUCKETS)[number] | 'disputed', { count: number; amountFen: string }>;

export async function aging(db: Db, actor: Actor, asOf: IsoDate, by: 'body' | 'department') {
  assertSupervisor(actor, 'read the aging report');
  return agingReport(db, asOf, by);
}

/** The aging report itself, for a supervisor (above) or `ledger:verify`. */
export async function agingReport(db: Db, asOf: IsoDate, by: 'body' | 'department') {
  const group = by === 'body' ? sql`b.uscc, b.name, b.department` : sql`b.department`;
  const rows = await sql<Record<string, string>>`
    WITH ob AS (${obligationsAsOf(asOf)}),
    aged AS (
      SELECT ob.*, (${asOf}::date - ob.due_on) AS days, greatest(ob.outstanding - ob.disputed, 0) AS payable
      FROM ob WHERE ob.outstanding > 0
    )
    SELECT ${group},
      count(*) FILTER (WHERE payable > 0 AND days <= 0) AS "notYetDue_count", coalesce(sum(payable) FILTER (WHERE days <= 0), 0) AS "notYetDue_fen",
      count(*) FILTER (WHERE payable > 0 AND days BETWEEN 1 AND 30) AS "d1to30_count", coalesce(sum(payable) FILTER (WHERE days BETWEEN 1 AND 30), 0) AS "d1to30_fen",
      count(*) FILTER (WHERE payable > 0 AND days BETWEEN 31 AND 90) AS "d31to90_count", coalesce(sum(payable) FILTER (WHERE days BETWEEN 31 AND 90), 0) AS "d31to90_fen",
      count(*) FILTER (WHERE payable > 0 AND days BETWEEN 91 AND 180) AS "d91to180_count", coalesce(sum(payable) FILTER (WHERE days BETWEEN 91 AND 180), 0) AS "d91to180_fen",
      count(*) FILTER (WHERE payable > 0 AND days BETWEEN 181 AND 365) AS "d181to365_count", coalesce(sum(payable) FILTER (WHERE days BETWEEN 181 AND 365), 0) AS "d181to365_fen",
      count(*) FILTER (WHERE payable > 0 AND days > 365) AS "over365_count", coalesce(sum(payable) FILTER (WHERE days > 365), 0) AS "over365_fen",
      count(*) FILTER (WHERE disputed > 0) AS "disputed_count", coalesce(sum(least(disputed, outstanding)), 0) AS "disputed_fen"
    FROM aged JOIN arrears.bodies b ON b.id = aged.debtor_id
    GROUP BY ${group} ORDER BY ${group}`.execute(db);
  return {
    asOf,
    by,
    items: rows.rows.map((r) => ({
      ...(by === 'body'
        ? { uscc: String(r.uscc), name: String(r.name), department: String(r.department) }
        : { department: String(r.department) }),
      buckets: Object.fromEntries(
        [...BUCKETS, 'disputed'].map((b) => [b, { count: Number(r[`${b}_count`]), amountFen: String(r[`${b}_fen`]) }]),
      ) as Buckets,
    })),
  };
}

/** What each body publishes by 31 March: contracts still overdue at the end of the year before. */
export async function disclosure(db: Db, actor: Actor, year: number) {
  assertSupervisor(actor, 'read the disclosure report');
  return disclosureReport(db, year);
}

/** The disclosure report itself, for a supervisor (above) or `ledger:verify`. */
export async function disclosureReport(db: Db, year: number) {
  const asOf = yearEnd(year);
  const rows = await sql<{ uscc: string; name: string; department: string; contracts: string; amount: string }>`
    WITH ob AS (${obligationsAsOf(asOf)})
    SELECT b.uscc, b.name, b.department, count(DISTINCT ob.contract_id) AS contracts,
           coalesce(sum(greatest(ob.outstanding - ob.disputed, 0)), 0) AS amount
    FROM ob JOIN arrears.bodies b ON b.id = ob.debtor_id
    WHERE ob.due_on < ${asOf}::date AND ob.outstanding - ob.disputed > 0
    GROUP BY b.uscc, b.name, b.department ORDER BY b.uscc`.execute(db);
  return {
    year,
    asOf,
    items: rows.rows.map((r) =>
      overdueBodyDisclosure({
        uscc: r.uscc,
        name: r.name,
        department: r.department,
        overdueContracts: Number(r.contracts),
        overdueAmountFen: String(r.amount),
      }),
    ),
  };
}

export function disclosureCsv(report: Awaited<ReturnType<typeof disclosureReport>>): string {
  const lines = [csvLine(['year', 'uscc', 'name', 'department', 'overdue_contracts', 'overdue_amount_fen'])];
  for (const i of report.items) lines.push(csvLine([report.year, i.uscc, i.name, i.department, i.overdueContracts, i.overdueAmountFen]));
  // A UTF-8 byte order mark first: Excel opens a CSV without one in the local code page and garbles Chinese.
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** 清欠进度: arrears overdue at a baseline date, what has been paid on them since, what remains. */
export async function progress(db: Db, actor: Actor, baseline: IsoDate, asOf: IsoDate) {
  assertSupervisor(actor, 'read the clearing progress');
  return progressReport(db, baseline, asOf);
}

/** The clearing progress itself, for a supervisor (above) or `ledger:verify`. */
export async function progressReport(db: Db, baseline: IsoDate, asOf: IsoDate) {
  const rows = await sql<{ uscc: string; name: string; department: string; at_baseline: string; paid_since: string; remaining: string }>`
    WITH base AS (${obligationsAsOf(baseline)}),
    overdue AS (SELECT * FROM base WHERE due_on < ${baseline}::date AND outstanding - disputed > 0),
    now AS (${obligationsAsOf(asOf)})
    SELECT b.uscc, b.name, b.department,
           sum(greatest(o.outstanding - o.disputed, 0)) AS at_baseline,
           coalesce(sum((SELECT sum(p.amount_fen::numeric) FROM arrears.postings p
                         WHERE p.obligation_id = o.id AND p.type = 'payment' AND p.on_date > ${baseline}::date AND p.on_date <= ${asOf}::date
                           AND NOT EXISTS (SELECT 1 FROM arrears.postings r WHERE r.reverses = p.id))), 0) AS paid_since,
           sum(greatest(n.outstanding, 0)) AS remaining
    FROM overdue o JOIN now n ON n.id = o.id JOIN arrears.bodies b ON b.id = o.debtor_id
    GROUP BY b.uscc, b.name, b.department ORDER BY b.uscc`.execute(db);
  return {
    baseline,
    asOf,
    items: rows.rows.map((r) => ({
      uscc: r.uscc,
      name: r.name,
      department: r.department,
      atBaselineFen: String(r.at_baseline),
      paidSinceFen: String(r.paid_since),
      remainingFen: String(r.remaining),
    })),
  };
}

/**
 * How many tasks one statement opens (ten parameters each: PostgreSQL takes at most 65,535 in one
 * statement). Each batch commits with its own audit row.
 */
export const TASKS_PER_BATCH = 1000;

/**
 * Every obligation that has become overdue gets a rectification task (run by the daily sweep). In
 * batches: the first sweep after a ledger is imported may find hundreds of thousands at once, which one
 * statement cannot carry. Idempotent: an obligation with a task is not taken again.
 */
export async function openOverdueTasks(db: Db, ctx: Ctx): Promise<number> {
  const today = ctx.clock.today();
  const due = await sql<{ id: string; contract_id: string; due_on: string }>`
    WITH ob AS (${obligationsAsOf(today)})
    SELECT ob.id, ob.contract_id, ob.due_on::text AS due_on FROM ob
    WHERE ob.due_on < ${today}::date AND ob.outstanding - ob.disputed > 0
      AND NOT EXISTS (SELECT 1 FROM arrears.tasks t WHERE t.obligation_id = ob.id)
    ORDER BY ob.id`.execute(db);
  let total = 0;
  for (let from = 0; from < due.rows.length; from += TASKS_PER_BATCH) {
    const batch = due.rows.slice(from, from + TASKS_PER_BATCH);
    total += await db.transaction().execute(async (trx) => {
      const opened = await trx
        .insertInto('arrears.tasks')
        .values(
          batch.map((o) => ({
            id: newId('task', ctx.clock.now()),
            obligation_id: o.id,
            contract_id: o.contract_id,
            opened_on: addDays(o.due_on, 1),
            measure: null,
            responsible_unit: null,
            deadline: null,
            closed_on: null,
            created_at: ctx.clock.now(),
          })),
        )
        .onConflict((oc) => oc.column('obligation_id').doNothing())
        .returning(['id', 'obligation_id'])
        .execute();
      if (opened.length) {
        await recordAudit(trx, ctx, { action: 'arrears.tasks.open', entityType: 'arrears_tasks', entityId: today, after: opened });
      }
      return opened.length;
    });
  }
  return total;
}
