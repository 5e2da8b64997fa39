import type { Selectable } from 'kysely';
import type { Ctx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { AnnouncementState, AnnouncementsTable, Db, Trx } from '../../db/types.js';
import type { AnnouncementFacts } from '../../disclosure/index.js';
import type { DrawRule, SourceCommitment } from '../../lib/draw/index.js';
import type { Criteria } from '../agencies/index.js';

/** Reads and writes of announcement rows and their steps, and the facts a view is made from. */

export type AnnouncementRow = Selectable<AnnouncementsTable>;

export function loadAnnouncement(db: Db | Trx, id: string) {
  return db.selectFrom('market.announcements').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The announcement row, locked: FOR SHARE by sign-ups and bids (they race only the closing), FOR UPDATE by every change of it. */
export async function lockAnnouncement(trx: Trx, id: string, mode: 'share' | 'update'): Promise<AnnouncementRow> {
  const query = trx.selectFrom('market.announcements').selectAll().where('id', '=', id);
  const row = await (mode === 'share' ? query.forShare() : query.forUpdate()).executeTakeFirst();
  if (!row) throw fail.notFound(`announcement ${id}`);
  return row;
}

/** Moves the announcement to its next state and writes the step (who, as what, when, why). */
export async function moveTo(
  trx: Trx,
  ctx: Ctx,
  row: Pick<AnnouncementRow, 'id' | 'state'>,
  to: AnnouncementState,
  note: string | null,
  extra: Partial<Pick<AnnouncementRow, 'failure_reason'>> = {},
) {
  const now = ctx.clock.now();
  await trx
    .updateTable('market.announcements')
    .set((eb) => ({ state: to, updated_at: now, version: eb('version', '+', 1), ...extra }))
    .where('id', '=', row.id)
    .execute();
  await trx
    .insertInto('market.announcement_steps')
    .values({ announcement_id: row.id, from_state: row.state, to_state: to, actor: ctx.actor.sub, role: ctx.actor.role, at: now, note })
    .execute();
  return { ...row, state: to };
}

export function criteriaOf(row: AnnouncementRow): Criteria {
  return {
    service: row.service,
    region: row.region,
    qualificationMatch: row.qualification_match,
    qualifications: row.qualifications,
    minStaff: row.min_staff,
    avoid: row.avoid as Criteria['avoid'],
  };
}

/** The steps of these announcements, oldest first within each. */
function stepsOfMany(db: Db | Trx, ids: string[]) {
  return db
    .selectFrom('market.announcement_steps')
    .select(['announcement_id', 'from_state', 'to_state', 'actor', 'role', 'at', 'note'])
    .where('announcement_id', 'in', ids)
    .orderBy('id')
    .execute();
}

/** The selections linked to these announcements (their results), with each winner's code and name. */
function selectionsOf(db: Db | Trx, announcementIds: string[]) {
  return db
    .selectFrom('market.selections as sel')
    .leftJoin('credit.subjects as w', 'w.id', 'sel.winner_subject_id')
    .select([
      'sel.announcement_id',
      'sel.id',
      'sel.state',
      'sel.pool_hash',
      'sel.ordered',
      'sel.shortlist',
      'sel.made_at',
      'w.uscc as winner_uscc',
      'w.name as winner_name',
    ])
    .where('sel.announcement_id', 'in', announcementIds)
    .execute();
}

type StepRow = Awaited<ReturnType<typeof stepsOfMany>>[number];
type SelectionRow = Awaited<ReturnType<typeof selectionsOf>>[number];

/** Everything a view of the announcement shows (never the sealed seed). */
export async function factsOf(db: Db | Trx, row: AnnouncementRow): Promise<AnnouncementFacts> {
  return (await factsOfMany(db, [row]))[0]!;
}

/** The facts of a page of announcements in two queries (their steps, their selections), not two per row. */
export async function factsOfMany(db: Db | Trx, rows: AnnouncementRow[]): Promise<AnnouncementFacts[]> {
  if (!rows.length) return [];
  const ids = rows.map((r) => r.id);
  const steps = await stepsOfMany(db, ids); // one after the other: PGlite has one connection
  const selections = new Map((await selectionsOf(db, ids)).map((s) => [s.announcement_id, s]));
  const stepsById = new Map<string, StepRow[]>();
  for (const step of steps) stepsById.set(step.announcement_id, [...(stepsById.get(step.announcement_id) ?? []), step]);
  return rows.map((row) => toFacts(row, stepsById.get(row.id) ?? [], selections.get(row.id)));
}

function toFacts(row: AnnouncementRow, steps: StepRow[], selection: SelectionRow | undefined): AnnouncementFacts {
  return {
    id: row.id,
    state: row.state,
    projectCode: row.project_code,
    projectName: row.project_name,
    ownerName: row.owner_name,
    ownerUscc: row.owner_uscc,
    service: row.service,
    region: row.region,
    fiscal: row.fiscal,
    quoteKind: row.quote_kind,
    priceCapFen: row.price_cap_fen,
    priceFloorFen: row.price_floor_fen,
    discountMin: row.discount_min,
    discountMax: row.discount_max,
    signupDeadline: row.signup_deadline.toISOString(),
    selectionAt: row.selection_at.toISOString(),
    qualifications: { match: row.qualification_match, names: row.qualifications },
    minStaff: row.min_staff,
    avoid: row.avoid as { uscc: string; reason: string }[],
    mode: row.mode,
    directUscc: row.direct_uscc,
    longListSize: row.long_list_size,
    shortListSize: row.short_list_size,
    witnesses: row.witnesses,
    publishWinner: row.publish_winner,
    complaintContact: row.complaint_contact,
    description: row.description,
    failureReason: row.failure_reason,
    publishedAt: row.published_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    version: row.version,
    commitment:
      row.draw_rule_hash === null
        ? null
        : {
            rule: row.draw_rule as DrawRule,
            ruleHash: row.draw_rule_hash,
            source: row.randomness_source as SourceCommitment,
          },
    steps: steps.map((s) => ({ from: s.from_state, to: s.to_state, actor: s.actor, role: s.role, at: s.at.toISOString(), note: s.note })),
    result: selection
      ? {
          selectionId: selection.id,
          state: selection.state,
          winner: selection.winner_uscc ? { uscc: selection.winner_uscc, name: selection.winner_name! } : null,
          poolHash: selection.pool_hash,
          poolFixedAt: row.pool_fixed_at?.toISOString() ?? null,
          order: selection.ordered,
          shortlist: selection.shortlist,
          madeAt: selection.made_at.toISOString(),
          proof: selection.pool_hash ? `/api/v1/market/selections/${selection.id}/proof` : null,
        }
      : null,
  };
}
