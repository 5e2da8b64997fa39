import { sql } from 'kysely';
import type { Trx } from '../db/types.js';
import { noJit, ruleSetInForce, scoredSubjects } from '../features/evaluation/index.js';
import type { IsoDate } from '../lib/dates.js';

/**
 * Grade changes a yearly run (evaluation.run_completed) brings to one watch's subjects. The stored
 * run counts every record, and its grades stay with those who may read records; a watch carries only
 * what the public may see, so the grades compared are the public ones (evaluation/public-score.ts):
 * each subject's grade over public facts as of this run's day (31 December) against the same as of
 * the previous year's run. A run that supersedes one of the same year changes no public grade (the
 * same day, the same public facts) and is passed over; the first run has nothing to compare with and
 * sets the baseline. The watch's codes are taken in chunks, each scored in two statements.
 */
const CHUNK = 5000;

export type RunPayload = { id: string; year: number; asOf: IsoDate; supersedes: string | null };
export type GradeChange = { uscc: string; from: { asOf: IsoDate; grade: string }; to: { asOf: IsoDate; grade: string } };

export async function gradeChanges(trx: Trx, watchId: string, run: RunPayload): Promise<GradeChange[]> {
  if (run.supersedes) return [];
  const previous = await trx
    .selectFrom('credit.evaluation_runs')
    .select(['as_of'])
    .where('year', '<', run.year)
    .where('superseded_by', 'is', null)
    .orderBy('year', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!previous) return [];
  const [ruleThen, ruleNow] = [await ruleSetInForce(trx, previous.as_of), await ruleSetInForce(trx, run.asOf)];
  await noJit.execute(trx);
  const changes: GradeChange[] = [];
  let from = '';
  for (;;) {
    const { rows: chunk } = await sql<{ id: string; uscc: string }>`
      SELECT s.id, s.uscc FROM sync.watch_subjects w JOIN credit.subjects s ON s.uscc = w.uscc
      WHERE w.watch_id = ${watchId} AND w.uscc > ${from} ORDER BY w.uscc LIMIT ${CHUNK}`.execute(trx);
    if (!chunk.length) return changes;
    const target = sql`SELECT unnest(${chunk.map((s) => s.id)}::text[]) AS id`;
    const then = await scoredSubjects(ruleThen, previous.as_of, target, true).execute(trx);
    const now = await scoredSubjects(ruleNow, run.asOf, target, true).execute(trx);
    const before = new Map(then.rows.map((r) => [r.id, r.grade]));
    const graded = new Map(now.rows.map((r) => [r.id, r.grade]));
    for (const s of chunk) {
      const was = before.get(s.id);
      const is = graded.get(s.id);
      if (was && is && was !== is)
        changes.push({ uscc: s.uscc, from: { asOf: previous.as_of, grade: was }, to: { asOf: run.asOf, grade: is } });
    }
    if (chunk.length < CHUNK) return changes;
    from = chunk[chunk.length - 1]!.uscc;
  }
}
