import { sql } from 'kysely';
import { DomainError } from '../core/errors.js';
import type { Trx } from '../db/types.js';
import { maskPersonalData, profileEntry } from '../disclosure/index.js';
import { entryActiveOn, recordsInEffectAmongSubjects } from '../features/credit-rules/index.js';
import { noJit, ruleSetInForce, scoredSubjects } from '../features/evaluation/index.js';
import type { IsoDate } from '../lib/dates.js';

/**
 * A watched subject's status as a watch notification carries it: what the public may see today, and
 * nothing more, whoever owns the watch (features/platform/watch-policy.ts says why). The same facts as
 * the public profile (features/public): list entries active today, a restriction only from public
 * facts (an active black entry, a public 严重 dishonesty record in effect: the definitions of
 * credit-rules, as the 中介超市 judges restriction), and the grade counted over public facts alone
 * (evaluation/public-score.ts: a record that is not public moves no public number). Texts pass through
 * the disclosure module. Set-based: one statement per kind of fact for many subjects at once.
 */
export type Restriction =
  | { kind: 'black_list'; id: string; documentNo: string; validFrom: string; validUntil: string }
  | { kind: 'serious_record'; id: string; documentNo: string; decidedOn: string; shownUntil: string };

export type PublicStatus = {
  asOf: IsoDate;
  registered: boolean;
  name: string | null;
  listEntries: ReturnType<typeof profileEntry>[];
  restricted: boolean;
  restrictions: Restriction[];
  grade: { grade: string; score: number; ruleVersion: string } | null;
};

/** The grade needs a rule set in force; a registry without one (yet) shows none. */
async function ruleOrNull(trx: Trx, on: IsoDate) {
  try {
    return await ruleSetInForce(trx, on);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'RULE_VIOLATED') return null;
    throw error;
  }
}

export async function publicStatuses(trx: Trx, usccs: string[], today: IsoDate): Promise<Map<string, PublicStatus>> {
  const out = new Map<string, PublicStatus>();
  if (!usccs.length) return out;
  const { rows: subjects } = await sql<{ id: string; uscc: string; name: string }>`
    SELECT s.id, s.uscc, s.name FROM unnest(${usccs}::text[]) AS i(uscc) JOIN credit.subjects s ON s.uscc = i.uscc`.execute(trx);
  const ids = subjects.map((s) => s.id);
  const rule = ids.length ? await ruleOrNull(trx, today) : null;
  if (rule) await noJit.execute(trx);
  const entries = ids.length
    ? await trx
        .selectFrom('credit.list_entries as e')
        .select([
          'e.id',
          'e.subject_id',
          'e.list',
          'e.reason',
          'e.basis',
          'e.document_no',
          'e.department',
          'e.published_on',
          'e.valid_until',
        ])
        .where('e.subject_id', 'in', ids)
        .where(entryActiveOn('e', today))
        .orderBy('e.published_on')
        .orderBy('e.id')
        .execute()
    : [];
  const records = await recordsInEffectAmongSubjects(trx, ids, today, true);
  const grades = rule ? await scoredSubjects(rule, today, sql`SELECT unnest(${ids}::text[]) AS id`, true).execute(trx) : null;
  const gradeOf = new Map((grades?.rows ?? []).map((g) => [g.id, g]));
  for (const s of subjects) {
    const own = entries.filter((e) => e.subject_id === s.id);
    const black: Restriction[] = own
      .filter((e) => e.list === 'black')
      .map((e) => ({
        kind: 'black_list',
        id: e.id,
        documentNo: maskPersonalData(e.document_no),
        validFrom: e.published_on!,
        validUntil: e.valid_until,
      }));
    const serious: Restriction[] = records
      .filter((r) => r.subject_id === s.id && r.kind === 'dishonesty' && r.severity === 'serious')
      .map((r) => ({
        kind: 'serious_record',
        id: r.id,
        documentNo: maskPersonalData(r.document_no),
        decidedOn: r.decided_on,
        shownUntil: r.shown_until,
      }));
    const graded = gradeOf.get(s.id);
    out.set(s.uscc, {
      asOf: today,
      registered: true,
      name: maskPersonalData(s.name),
      listEntries: own.map((e) =>
        profileEntry({
          id: e.id,
          list: e.list,
          reason: e.reason,
          basis: e.basis,
          documentNo: e.document_no,
          department: e.department,
          publishedOn: e.published_on!,
          validUntil: e.valid_until,
        }),
      ),
      restricted: black.length + serious.length > 0,
      restrictions: [...black, ...serious],
      grade: graded && rule ? { grade: graded.grade, score: graded.score, ruleVersion: rule.version } : null,
    });
  }
  // A watched code with no subject here: nothing is known of it.
  for (const uscc of usccs) {
    if (!out.has(uscc))
      out.set(uscc, { asOf: today, registered: false, name: null, listEntries: [], restricted: false, restrictions: [], grade: null });
  }
  return out;
}
