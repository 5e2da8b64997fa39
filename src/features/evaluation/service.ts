import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db, RecordsTable } from '../../db/types.js';
import { type IsoDate, yearEnd } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { entryActiveOn, recordInEffect } from '../credit-rules/index.js';
import { assertCanReadRecordsOf } from '../records/index.js';
import { findSubject } from '../subjects/index.js';
import { type CountedRecord, explain } from './explain.js';
import { CANDIDATE_READERS, RULE_SETTERS, RUNNERS } from './policy.js';
import { GRADES, type RuleSet, ruleSetInForce } from './rules.js';
import type { NewRuleSetInput } from './schemas.js';
import { noJit, scoredSubjects } from './scoring-sql.js';

/**
 * Records of one subject that count on a date: current revisions inside their windows; only the
 * public ones when the number is for the public (public-score.ts says why).
 */
export async function countedRecords(db: Db, subjectId: string, asOf: IsoDate, publicOnly = false): Promise<CountedRecord[]> {
  let q = db
    .selectFrom('credit.records as r')
    .select(['r.id', 'r.kind', 'r.severity', 'r.category', 'r.document_no', 'r.decided_on', 'r.shown_until'])
    .where('r.subject_id', '=', subjectId)
    .where(recordInEffect('r', asOf));
  if (publicOnly) q = q.where('r.is_public', '=', true);
  const rows = await q.orderBy('r.decided_on').orderBy('r.id').execute();
  return rows.map(countedRecordOf);
}

/** A record row as scoring counts it (the public profile maps the rows of its own query with this too). */
export function countedRecordOf(
  r: Pick<RecordsTable, 'id' | 'kind' | 'severity' | 'category' | 'document_no' | 'decided_on' | 'shown_until'>,
): CountedRecord {
  return {
    id: r.id,
    kind: r.kind,
    severity: r.severity,
    category: r.category,
    documentNo: r.document_no,
    decidedOn: r.decided_on,
    displayUntil: r.shown_until,
  };
}

/** A black entry as the scoring counts it (forced bottom grade), from its row however it was read. */
export function blackEntryOf(e: { id: string; document_no: string; published_on: IsoDate | null }) {
  return { id: e.id, documentNo: e.document_no, publishedOn: e.published_on! };
}

export async function activeBlackEntries(db: Db, subjectId: string, on: IsoDate) {
  const rows = await db
    .selectFrom('credit.list_entries as e')
    .select(['e.id', 'e.document_no', 'e.published_on'])
    .where('e.subject_id', '=', subjectId)
    .where('e.list', '=', 'black')
    .where(entryActiveOn('e', on))
    .orderBy('e.published_on')
    .execute();
  return rows.map(blackEntryOf);
}

export async function evaluateSubject(db: Db, actor: Actor, uscc: string, asOf: IsoDate) {
  assertCanReadRecordsOf(actor, uscc);
  const subject = await findSubject(db, uscc);
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  return { uscc, ...(await evaluateById(db, subject.id, asOf)) };
}

/** The evaluation of a subject known by id, with no access check: callers decide who sees what. */
export async function evaluateById(db: Db, subjectId: string, asOf: IsoDate) {
  const rule = await ruleSetInForce(db, asOf);
  const result = explain(rule, await countedRecords(db, subjectId, asOf), await activeBlackEntries(db, subjectId, asOf));
  return {
    score: result.score,
    grade: result.grade,
    ruleVersion: rule.version,
    asOf,
    forcedBottom: result.forcedBottom,
    lines: result.lines,
  };
}

/**
 * The yearly run: every subject as of 31 December, in one set-based statement, stored as a snapshot.
 * A stored run is final: running the year again needs `supersede` and a reason, and keeps both.
 */
export async function runYear(db: Db, ctx: Ctx, year: number, again: { supersede?: boolean; reason?: string } = {}) {
  if (ctx.actor.role !== 'system') assertRole(ctx.actor, RUNNERS, 'run the yearly evaluation');
  const asOf = yearEnd(year);
  if (asOf > ctx.clock.today()) throw new DomainError('RULE_VIOLATED', `the year ${year} has not ended (it ends ${asOf})`);
  return db.transaction().execute(async (trx) => {
    const current = await trx
      .selectFrom('credit.evaluation_runs')
      .select(['id', 'finished_at'])
      .where('year', '=', year)
      .where('superseded_by', 'is', null)
      .forUpdate()
      .executeTakeFirst();
    if (current && !again.supersede) {
      throw fail.conflict(`the ${year} evaluation was stored by run ${current.id}; to run it again, say supersede: true and why`, {
        runId: current.id,
      });
    }
    await noJit.execute(trx);
    const rule = await ruleSetInForce(trx, asOf);
    const id = newId('evaluation', ctx.clock.now());
    // The old run steps aside first: one current run per year (a unique index holds it under races).
    if (current) await trx.updateTable('credit.evaluation_runs').set({ superseded_by: id }).where('id', '=', current.id).execute();
    const startedAt = ctx.clock.now();
    await trx
      .insertInto('credit.evaluation_runs')
      .values({
        id,
        year,
        as_of: asOf,
        rule_version: rule.version,
        subjects: 0,
        started_by: ctx.actor.sub,
        started_at: startedAt,
        finished_at: startedAt,
        supersedes: current?.id ?? null,
        supersede_reason: current ? (again.reason ?? null) : null,
      })
      .execute();
    const scored = scoredSubjects(rule, asOf, sql`SELECT id FROM credit.subjects`, false, true);
    // Counted from what the insert returns, not by reading the million rows back from the table.
    const { rows: counts } = await sql<{ grade: string; n: string }>`
      WITH stored AS (
        INSERT INTO credit.grades (run_id, subject_id, year, score, grade, rule_version)
        SELECT ${id}, id, ${year}::int, score, grade, ${rule.version} FROM (${scored}) s
        RETURNING grade)
      SELECT grade, count(*) AS n FROM stored GROUP BY grade`.execute(trx);
    const grades = Object.fromEntries(GRADES.map((g) => [g, Number(counts.find((c) => c.grade === g)?.n ?? 0)]));
    const total = Object.values(grades).reduce((a, b) => a + b, 0);
    const finishedAt = ctx.clock.now();
    await trx.updateTable('credit.evaluation_runs').set({ subjects: total, finished_at: finishedAt }).where('id', '=', id).execute();
    const run = {
      id,
      year,
      asOf,
      ruleVersion: rule.version,
      subjects: total,
      grades,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      supersedes: current?.id ?? null,
      supersedeReason: current ? (again.reason ?? null) : null,
    };
    await recordPublicChange(trx, ctx, 'evaluation.run_completed', {
      action: 'evaluation.run',
      entityType: 'evaluation_run',
      entityId: id,
      after: run,
      payload: run,
    });
    return run;
  });
}

/** Grades fixed by yearly runs, the latest run of each year, newest year first. */
export async function gradeHistory(db: Db, actor: Actor, uscc: string) {
  assertCanReadRecordsOf(actor, uscc);
  const subject = await findSubject(db, uscc);
  if (!subject) throw fail.notFound(`subject ${uscc}`);
  const rows = await db
    .selectFrom('credit.grades as g')
    .innerJoin('credit.evaluation_runs as r', 'r.id', 'g.run_id')
    .select(['g.year', 'r.as_of', 'g.score', 'g.grade', 'g.rule_version', 'g.run_id', 'r.started_at'])
    .where('g.subject_id', '=', subject.id)
    .orderBy('g.year', 'desc')
    .orderBy('r.started_at', 'desc')
    .execute();
  const latest = rows.filter((row, i) => i === 0 || rows[i - 1]!.year !== row.year);
  return {
    items: latest.map((r) => ({
      year: r.year,
      asOf: r.as_of,
      score: r.score,
      grade: r.grade,
      ruleVersion: r.rule_version,
      runId: r.run_id,
    })),
  };
}

export async function createRuleSet(db: Db, ctx: Ctx, input: NewRuleSetInput) {
  if (ctx.actor.role !== 'system') assertRole(ctx.actor, RULE_SETTERS, 'add rule sets');
  // Evaluation history never changes silently: a new version takes effect today at the earliest, so
  // no grade already given (on demand or in a stored run) is recomputed under rules it never had.
  if (input.effectiveFrom < ctx.clock.today()) {
    throw fail.rule(`effectiveFrom: a rule set takes effect today (${ctx.clock.today()}) at the earliest, not ${input.effectiveFrom}`);
  }
  return db.transaction().execute(async (trx) => {
    const row: RuleSet = {
      version: input.version,
      effective_from: input.effectiveFrom,
      base: input.base,
      deduction_minor: input.deductions.minor,
      deduction_general: input.deductions.general,
      deduction_serious: input.deductions.serious,
      good_addition: input.goodAddition,
      addition_cap: input.additionCap,
      grade_aaa_min: input.gradeMinimums.AAA,
      grade_aa_min: input.gradeMinimums.AA,
      grade_a_min: input.gradeMinimums.A,
      grade_b_min: input.gradeMinimums.B,
      note: input.note,
      created_by: ctx.actor.sub,
      created_at: ctx.clock.now(),
    };
    const inserted = await trx
      .insertInto('credit.rule_sets')
      .values(row)
      .onConflict((oc) => oc.doNothing())
      .returning('version')
      .executeTakeFirst();
    if (!inserted)
      throw fail.conflict(
        `a rule set with version ${input.version} or taking effect on ${input.effectiveFrom} exists; versions are never changed`,
      );
    const view = { ...input, createdBy: row.created_by, createdAt: row.created_at.toISOString() };
    await recordAudit(trx, ctx, { action: 'rule_set.create', entityType: 'rule_set', entityId: input.version, after: view });
    return view;
  });
}

type Candidate = { uscc: string; name: string; reasons: string[] };

/** The subject is on this list already, or on its way there (proposed or told): no use suggesting it. */
function onOrGoingOnto(list: 'red' | 'black', today: IsoDate) {
  return sql<boolean>`EXISTS (SELECT 1 FROM credit.list_entries e WHERE e.subject_id = s.id AND e.list = ${list}
    AND (e.state IN ('proposed', 'notified') OR ${entryActiveOn('e', today)}))`;
}

/** Suggestions only: a person decides; nothing is listed automatically. */
export async function listCandidates(db: Db, actor: Actor, today: IsoDate, list: 'red' | 'black', limit: number, cursor?: string) {
  assertRole(actor, CANDIDATE_READERS, 'see list candidates');
  const after = decodeCursor(cursor) ?? '';
  const rows =
    list === 'black'
      ? await sql<{ id: string; uscc: string; name: string; reasons: string[] }>`
        SELECT s.id, s.uscc, s.name,
               array_agg('serious dishonesty record ' || r.document_no || ' (' || r.category || '), decided ' || r.decided_on
                         || ', shown until ' || r.shown_until ORDER BY r.decided_on) AS reasons
        FROM credit.records r JOIN credit.subjects s ON s.id = r.subject_id
        WHERE r.severity = 'serious' AND ${recordInEffect('r', today)} AND s.id > ${after} AND NOT ${onOrGoingOnto('black', today)}
        GROUP BY s.id, s.uscc, s.name ORDER BY s.id LIMIT ${limit + 1}`.execute(db)
      : await sql<{ id: string; uscc: string; name: string; reasons: string[] }>`
        WITH last_run AS (SELECT id, year, make_date(year, 1, 1) AS opens FROM credit.evaluation_runs
                          WHERE superseded_by IS NULL ORDER BY year DESC LIMIT 1)
        SELECT s.id, s.uscc, s.name,
               ARRAY['grade AAA in the ' || lr.year || ' evaluation (score ' || g.score || ')',
                     'no dishonesty record in effect from ' || lr.opens || ' to ' || ${today}] AS reasons
        FROM last_run lr JOIN credit.grades g ON g.run_id = lr.id JOIN credit.subjects s ON s.id = g.subject_id
        WHERE g.grade = 'AAA' AND s.id > ${after} AND NOT ${onOrGoingOnto('red', today)}
          -- No dishonesty at any time from the start of the evaluated year to today: a record counts when
          -- it was decided by today and still shown (or held) on or after the year's first day.
          AND NOT EXISTS (SELECT 1 FROM credit.records r WHERE r.subject_id = s.id AND r.kind = 'dishonesty'
                            AND r.superseded_at IS NULL AND r.voided_on IS NULL AND r.decided_on <= ${today}::date
                            AND (r.shown_until >= lr.opens OR (r.obligations_unmet AND r.end_reason IS NULL)))
        ORDER BY s.id LIMIT ${limit + 1}`.execute(db);
  const more = rows.rows.length > limit;
  const page = rows.rows.slice(0, limit);
  const items: Candidate[] = page.map((r) => ({ uscc: r.uscc, name: r.name, reasons: r.reasons }));
  return { items, nextCursor: more ? encodeCursor(page[page.length - 1]!.id) : null };
}
