import type { Actor, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { subjectUscc } from '../../core/policy.js';
import type { Db } from '../../db/types.js';

/**
 * Who may do what with an announcement: only the applicant whose token created it (same `sub`) manages
 * it and its selection; an agency acts on its own sign-up, bid, objection and (as the winner) its
 * service result with its subject token; the operator (admin) decides objections to a result.
 */
export const OWNERS: Role[] = ['applicant'];
export const AGENCIES: Role[] = ['subject'];
export const OPERATORS: Role[] = ['admin'];

export function assertOwner(actor: Actor, a: { owner_sub: string }): void {
  if (actor.role !== 'applicant' || actor.sub !== a.owner_sub) throw fail.forbidden('only the owner of this announcement manages it');
}

export function isOwner(actor: Actor | undefined, a: { owner_sub: string }): boolean {
  return actor?.role === 'applicant' && actor.sub === a.owner_sub;
}

/**
 * The one definition of a public announcement: it was published (publication sets published_at, and
 * nothing clears it). A draft is not public, and neither is a draft its owner cancelled before
 * publishing it: its cancellation, and the reason given, stay the owner's affair.
 */
export function isPublic(a: { published_at: Date | null }): boolean {
  return a.published_at !== null;
}

/** The agency a subject token speaks for. */
export const agencyUscc = (actor: Actor) => subjectUscc(actor, 'acts as an agency');

/** Route guard on an announcement {id}: it exists and the actor owns it. */
export async function authorizeOwner(db: Db, actor: Actor, id: string) {
  const row = await db.selectFrom('market.announcements').select('owner_sub').where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`announcement ${id}`);
  assertOwner(actor, row);
}

/** Route guard on a selection {id}: it exists and the actor owns its announcement. */
export async function authorizeSelectionOwner(db: Db, actor: Actor, id: string) {
  const row = await db
    .selectFrom('market.selections as s')
    .innerJoin('market.announcements as a', 'a.id', 's.announcement_id')
    .select('a.owner_sub')
    .where('s.id', '=', id)
    .executeTakeFirst();
  if (!row) throw fail.notFound(`selection ${id}`);
  assertOwner(actor, row);
}

/** Route guard on an announcement {id} for an agency: it exists, and the token is an agency's. */
export async function authorizeAgency(db: Db, actor: Actor, id: string) {
  agencyUscc(actor);
  const row = await db.selectFrom('market.announcements').select('published_at').where('id', '=', id).executeTakeFirst();
  if (!row || !isPublic(row)) throw fail.notFound(`announcement ${id}`);
}

/** Route guard on a selection {id} for an objection: it exists, and the token's agency was judged for its pool. */
export async function authorizePoolAgency(db: Db, actor: Actor, id: string) {
  const uscc = agencyUscc(actor);
  const sel = await db.selectFrom('market.selections').select('announcement_id').where('id', '=', id).executeTakeFirst();
  if (!sel) throw fail.notFound(`selection ${id}`);
  const judged = await db
    .selectFrom('market.eligibility_decisions as d')
    .innerJoin('credit.subjects as s', 's.id', 'd.subject_id')
    .select('d.id')
    .where('d.announcement_id', '=', sel.announcement_id)
    .where('d.stage', 'in', ['selection', 'direct'])
    .where('s.uscc', '=', uscc)
    .executeTakeFirst();
  if (!judged) throw fail.forbidden(`${uscc} was not in the pool of this selection; only its agencies object here`);
}

/** Route guard on a selection {id} for its service result: it exists, and the token is its winning agency's. */
export async function authorizeWinner(db: Db, actor: Actor, id: string) {
  const uscc = agencyUscc(actor);
  const sel = await db
    .selectFrom('market.selections as sel')
    .leftJoin('credit.subjects as w', 'w.id', 'sel.winner_subject_id')
    .select('w.uscc')
    .where('sel.id', '=', id)
    .executeTakeFirst();
  if (!sel) throw fail.notFound(`selection ${id}`);
  if (sel.uscc !== uscc) throw fail.forbidden('only the winning agency uploads the service result');
}
