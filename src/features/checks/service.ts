import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { canonicalJson, sha256Hex } from '../../lib/canonical.js';
import type { IsoDate } from '../../lib/dates.js';
import { newId } from '../../lib/ids.js';
import { parseUscc } from '../../lib/uscc.js';
import { entryActiveOn, recordInEffect } from '../credit-rules/index.js';
import { noJit, ruleSetInForce, scoredSubjects } from '../evaluation/index.js';
import { CHECKERS, RECEIPT_READERS } from './policy.js';
import { type CheckResultView, MAX_CODES } from './schemas.js';

/** A code the registry has no subject for (or no valid code at all): nothing to say but that. */
function notFound(uscc: string, problem?: string): CheckResultView {
  const none = { found: false, name: null, grade: null, score: null, restricted: false, reasons: [], listEntries: [] };
  return problem === undefined ? { uscc, valid: true, ...none } : { uscc, valid: false, error: problem, ...none };
}

/**
 * 信用核查: many codes in one request, answered in input order, each with grade, score, active list
 * entries and whether the subject is restricted (a black entry or a serious record in effect). Set-based: one statement scores every found subject. The answer is kept as
 * a receipt, so an approval can later prove what the registry said that day.
 */
export async function runCheck(db: Db, ctx: ActorCtx, usccs: string[], asOf: IsoDate) {
  assertRole(ctx.actor, CHECKERS, 'run credit checks');
  if (usccs.length > MAX_CODES) throw new DomainError('LIMIT_EXCEEDED', `at most ${MAX_CODES} codes per check, got ${usccs.length}`);
  const parsed = usccs.map((input) => ({ input, result: parseUscc(input) }));
  const codes = [...new Set(parsed.flatMap((p) => (p.result.ok ? [p.result.value] : [])))];

  return db.transaction().execute(async (trx) => {
    await noJit.execute(trx);
    const rule = await ruleSetInForce(trx, asOf);
    const target = sql`SELECT s.id, s.uscc, s.name FROM unnest(${codes}::text[]) AS i(uscc) JOIN credit.subjects s ON s.uscc = i.uscc`;
    type Entry = { id: string; list: string; validFrom: string; validUntil: string; documentNo: string };
    const scored = await sql<{
      uscc: string;
      name: string;
      score: number;
      grade: string;
      serious: boolean;
      black: boolean;
      reasons: string[] | null;
      entries: Entry[] | null;
    }>`
      SELECT sc.uscc, sc.name, sc.score, sc.grade, sc.serious, sc.black,
             CASE WHEN sc.serious THEN
               (SELECT array_agg('serious dishonesty record ' || r.document_no || ' (' || r.category || '), decided '
                                 || r.decided_on || ', shown until ' || r.shown_until ORDER BY r.decided_on)
                FROM credit.records r
                WHERE r.subject_id = sc.id AND r.severity = 'serious' AND ${recordInEffect('r', asOf)}) END AS reasons,
             (SELECT json_agg(json_build_object('id', e.id, 'list', e.list, 'validFrom', e.published_on,
                                                'validUntil', e.valid_until, 'documentNo', e.document_no) ORDER BY e.published_on)
              FROM credit.list_entries e WHERE e.subject_id = sc.id AND ${entryActiveOn('e', asOf)}) AS entries
      FROM (${scoredSubjects(rule, asOf, target)}) sc`.execute(trx);
    const byCode = new Map(scored.rows.map((r) => [r.uscc, r]));

    const results: CheckResultView[] = parsed.map(({ input, result }) => {
      if (!result.ok) return notFound(input, result.message);
      const hit = byCode.get(result.value);
      if (!hit) return notFound(result.value);
      const entries = hit.entries ?? [];
      const blackReasons = entries
        .filter((e) => e.list === 'black')
        .map((e) => `black list entry ${e.documentNo}, valid ${e.validFrom} to ${e.validUntil}`);
      return {
        uscc: result.value,
        valid: true,
        found: true,
        name: hit.name,
        grade: hit.grade as CheckResultView['grade'],
        score: hit.score,
        restricted: hit.serious || hit.black,
        reasons: [...blackReasons, ...(hit.reasons ?? [])],
        listEntries: entries.map((e) => ({ id: e.id, list: e.list, validFrom: e.validFrom, validUntil: e.validUntil })),
      };
    });

    const snapshot = await sql<{ v: string }>`SELECT pg_current_snapshot()::text AS v`.execute(trx);
    const canonical = canonicalJson(results);
    const receipt = {
      id: newId('check', ctx.clock.now()),
      at: ctx.clock.now().toISOString(),
      asOf,
      dataVersion: `snapshot:${snapshot.rows[0]!.v}`,
      resultsHash: await sha256Hex(canonical),
      requestedBy: ctx.actor.sub,
      results,
    };
    await trx
      .insertInto('credit.checks')
      .values({
        id: receipt.id,
        actor: ctx.actor.sub,
        role: ctx.actor.role,
        at: new Date(receipt.at),
        as_of: asOf,
        data_version: receipt.dataVersion,
        codes: usccs.length,
        results: canonical,
        results_hash: receipt.resultsHash,
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'check.create',
      entityType: 'check',
      entityId: receipt.id,
      after: { codes: usccs.length, asOf, resultsHash: receipt.resultsHash, dataVersion: receipt.dataVersion },
    });
    return receipt;
  });
}

/**
 * A stored receipt, unchanged: to the one who asked (the same sub under the same role: a receipt
 * asked for as an applicant is not shown to a platform token that happens to share the sub), and to
 * reviewers and admins.
 */
export async function getReceipt(db: Db, actor: Actor, id: string) {
  const row = await db.selectFrom('credit.checks').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`check ${id}`);
  const asker = row.actor === actor.sub && row.role === actor.role;
  if (!asker && !RECEIPT_READERS.includes(actor.role)) {
    throw fail.forbidden('a check receipt is shown to the one who asked for it, and to reviewers and admins');
  }
  return {
    id: row.id,
    at: row.at.toISOString(),
    asOf: row.as_of,
    dataVersion: row.data_version,
    resultsHash: row.results_hash,
    requestedBy: row.actor,
    results: JSON.parse(row.results) as CheckResultView[],
  };
}
