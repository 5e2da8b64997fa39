import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { AnnouncementState, Db } from '../../db/types.js';
import { announcementDisclosure } from '../../disclosure/index.js';
import { isOwner, isPublic, OWNERS } from './policy.js';
import { type AnnouncementRow, factsOf, factsOfMany, loadAnnouncement } from './repo.js';

/**
 * Reading announcements: the public sees every announcement that was published (isPublic), never a draft
 * nor a draft cancelled before publication; the owner sees its own, drafts and cancelled drafts too.
 */

export type AnnouncementQuery = {
  state?: AnnouncementState;
  service?: string;
  region?: string;
  limit: number;
  cursor?: string;
};

/** One announcement: the owner's view to its owner (an unpublished one too), the public view of a published one to anyone else. */
export async function getAnnouncement(db: Db, actor: Actor | undefined, id: string) {
  const row = await loadAnnouncement(db, id);
  const owner = row !== undefined && isOwner(actor, row);
  if (!row || (!isPublic(row) && !owner)) throw fail.notFound(`announcement ${id}`);
  return announcementDisclosure(await factsOf(db, row), { owner });
}

/** A page of views from rows read one past the limit (that extra row only says there is a next page). */
async function page(db: Db, rows: AnnouncementRow[], limit: number, owner: boolean) {
  const shown = rows.slice(0, limit);
  const facts = await factsOfMany(db, shown);
  return {
    items: facts.map((f) => announcementDisclosure(f, { owner })),
    nextCursor: rows.length > limit ? encodeCursor(shown[shown.length - 1]!.id) : null,
  };
}

/**
 * The public announcements as a query: isPublic in SQL. `state <> 'draft'` adds nothing (a draft is never
 * published) but lets the planner use the partial index announcements_public.
 */
function publicAnnouncements(db: Db) {
  return db.selectFrom('market.announcements').selectAll().where('published_at', 'is not', null).where('state', '<>', 'draft');
}

/** Published announcements, newest first, by state, service and region. */
export async function listAnnouncements(db: Db, query: AnnouncementQuery) {
  const after = decodeCursor(query.cursor);
  let q = publicAnnouncements(db);
  if (query.state) q = q.where('state', '=', query.state);
  if (query.service) q = q.where('service', '=', query.service);
  if (query.region) q = q.where('region', '=', query.region);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return page(db, rows, query.limit, false);
}

/** The owner's own announcements, drafts included, newest first. */
export async function listOwnAnnouncements(db: Db, actor: Actor, query: AnnouncementQuery) {
  assertRole(actor, OWNERS, 'list its announcements');
  const after = decodeCursor(query.cursor);
  let q = db.selectFrom('market.announcements').selectAll().where('owner_sub', '=', actor.sub);
  if (query.state) q = q.where('state', '=', query.state);
  if (after) q = q.where('id', '<', after);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return page(db, rows, query.limit, true);
}
