import { sql } from 'kysely';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import type { Db } from '../../db/types.js';
import { agencyUscc } from './policy.js';

/**
 * An agency's own sign-ups across announcements, newest announcement first: where each purchase
 * stands, the agency's latest eligibility decision there (the one an objection would name), whether
 * it has a sealed bid (never the value), and the result for it once the selection is made.
 */
export async function listOwnSignups(db: Db, ctx: ActorCtx, query: { limit: number; cursor?: string }) {
  const uscc = agencyUscc(ctx.actor);
  const after = decodeCursor(query.cursor);
  if (after !== undefined && !/^ann_[0-9A-Z]{26}$/.test(after)) throw fail.validation('cursor', 'not a cursor this API returned');
  let q = db
    .selectFrom('market.signups as su')
    .innerJoin('credit.subjects as s', 's.id', 'su.subject_id')
    .innerJoin('market.announcements as a', 'a.id', 'su.announcement_id')
    .leftJoin('market.bids as b', (j) =>
      j.onRef('b.announcement_id', '=', 'su.announcement_id').onRef('b.subject_id', '=', 'su.subject_id'),
    )
    .leftJoin('market.selections as sel', 'sel.announcement_id', 'su.announcement_id')
    .select([
      'su.announcement_id',
      'su.subject_id',
      'su.signed_at',
      'su.withdrawn_at',
      'a.project_name',
      'a.mode',
      'a.state',
      'a.signup_deadline',
      'b.submitted_at as bid_at',
      'sel.id as selection_id',
      'sel.winner_subject_id',
    ])
    .where('s.uscc', '=', uscc);
  if (after) q = q.where('su.announcement_id', '<', after);
  const rows = await q
    .orderBy('su.announcement_id', 'desc')
    .limit(query.limit + 1)
    .execute();
  const shown = rows.slice(0, query.limit);
  const latest = shown.length
    ? await db
        .selectFrom('market.eligibility_decisions')
        .select(['announcement_id', 'id', 'stage', 'eligible', 'reasons', 'decided_at'])
        .distinctOn('announcement_id')
        .where('subject_id', '=', shown[0]!.subject_id)
        .where(
          'announcement_id',
          'in',
          shown.map((r) => r.announcement_id),
        )
        .orderBy('announcement_id')
        .orderBy(sql`decided_at DESC, id DESC`)
        .execute()
    : [];
  const decisions = new Map(latest.map((d) => [d.announcement_id, d]));
  return {
    items: shown.map((r) => {
      const d = decisions.get(r.announcement_id);
      return {
        announcementId: r.announcement_id,
        projectName: r.project_name,
        mode: r.mode,
        state: r.state,
        signupDeadline: r.signup_deadline.toISOString(),
        signedAt: r.signed_at.toISOString(),
        withdrawnAt: r.withdrawn_at?.toISOString() ?? null,
        bidSubmittedAt: r.bid_at?.toISOString() ?? null,
        eligibility: d
          ? {
              id: d.id,
              stage: d.stage,
              eligible: d.eligible,
              exclusions: (d.reasons as { code: string; detail: string }[]).map((x) => ({ code: x.code, detail: x.detail })),
              decidedAt: d.decided_at.toISOString(),
            }
          : null,
        selectionId: r.selection_id,
        won: r.selection_id === null ? null : r.winner_subject_id === r.subject_id,
      };
    }),
    nextCursor: rows.length > query.limit ? encodeCursor(shown[shown.length - 1]!.announcement_id) : null,
  };
}
