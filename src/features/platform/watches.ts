import { type Selectable, sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { decodeCursor, encodeCursor, toPage } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx, WatchesTable } from '../../db/types.js';
import { sha256Hex } from '../../lib/canonical.js';
import { newId } from '../../lib/ids.js';
import { privateTargetReason } from '../../lib/target-url.js';
import { signingOf } from '../../sync/delivery/signature.js';
import type { SyncEnv } from '../../sync/env.js';
import { treeSize } from '../../sync/feed.js';
import { assertMayChange, assertMayRead, WATCH_OWNERS, WATCH_READERS } from './watch-policy.js';
import { assertRoomForWatch, roomForCodes } from './watch-quota.js';
import { MAX_WATCH_CODES, type WatchChange, type WatchInput } from './watch-schemas.js';

/**
 * Watches: a platform or an applicant registers a set of USCCs and a webhook URL, lists, pauses,
 * changes and removes its own; each change commits with its audit row. The secret signs notifications
 * and is never shown again (nor audited). The codes go in and out in chunks of one statement each (a
 * watch may hold 100,000); the audit row names how many and the SHA-256 of the sorted codes, not the
 * 2 MB list itself. Matching the feed against watches is sync/watch-matcher.ts.
 */
const CHUNK = 10_000;

type Row = Selectable<WatchesTable>;

export function toView(row: Row) {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    status: row.status,
    subjectCount: row.subject_count,
    signing: signingOf(row.secret),
    ownerRole: row.owner_role as 'platform' | 'applicant',
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
/** What push delivery holds for a watch: its open notifications (delivered ones are history). */
export type WatchDeliveryState = { pending: number; dead: number; lastError: string | null };
const NOTHING_OPEN: WatchDeliveryState = { pending: 0, dead: 0, lastError: null };
/** A watch as its owner sees it; the audit keeps toView's part (delivery state is no change of the owner's). */
export type WatchView = ReturnType<typeof toView> & { delivery: WatchDeliveryState };

/**
 * The delivery state of some watches in one grouped query over their open notifications only (the
 * deliveries_watch_open index): the last error is that of the highest seq that has one.
 */
async function deliveryStates(db: Db | Trx, ids: string[]): Promise<Map<string, WatchDeliveryState>> {
  if (ids.length === 0) return new Map();
  const { rows } = await sql<{ watch_id: string; pending: string; dead: string; last_error: string | null }>`
    SELECT watch_id,
           count(*) FILTER (WHERE status = 'pending') AS pending,
           count(*) FILTER (WHERE status = 'dead') AS dead,
           (array_agg(last_error ORDER BY seq DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error
    FROM sync.deliveries
    WHERE watch_id = ANY(${ids}::text[]) AND status <> 'delivered'
    GROUP BY watch_id`.execute(db);
  return new Map(rows.map((r) => [r.watch_id, { pending: Number(r.pending), dead: Number(r.dead), lastError: r.last_error }]));
}

async function withDelivery(db: Db | Trx, view: ReturnType<typeof toView>): Promise<WatchView> {
  return { ...view, delivery: (await deliveryStates(db, [view.id])).get(view.id) ?? NOTHING_OPEN };
}

/** What the audit keeps of a list of codes: how many, and a hash that proves which. */
async function codesDigest(codes: string[]) {
  return { count: codes.length, sha256: await sha256Hex([...codes].sort().join('\n')) };
}

const chunks = (codes: string[]) =>
  Array.from({ length: Math.ceil(codes.length / CHUNK) }, (_, i) => codes.slice(i * CHUNK, (i + 1) * CHUNK));

/** Inserts the codes not yet watched; returns how many were new. */
async function insertCodes(trx: Trx, watchId: string, codes: string[]): Promise<number> {
  let added = 0;
  for (const chunk of chunks(codes)) {
    const result = await trx
      .insertInto('sync.watch_subjects')
      .columns(['watch_id', 'uscc'])
      .expression(sql`SELECT ${watchId}::text, c FROM unnest(${chunk}::text[]) AS c`)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    added += Number(result.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}

async function deleteCodes(trx: Trx, watchId: string, codes: string[]): Promise<number> {
  let removed = 0;
  for (const chunk of chunks(codes)) {
    const result = await trx
      .deleteFrom('sync.watch_subjects')
      .where('watch_id', '=', watchId)
      .where(sql<boolean>`uscc = ANY(${chunk}::text[])`)
      .executeTakeFirst();
    removed += Number(result.numDeletedRows);
  }
  return removed;
}

/**
 * An applicant is outside the registry: its watch may not send the registry's requests to this machine
 * or a private network (server-side request forgery), unless the deployment allows it.
 */
function checkTarget(actor: Actor, url: string, sync: Pick<SyncEnv, 'allowPrivateTargets'>) {
  if (actor.role !== 'applicant' || sync.allowPrivateTargets) return;
  const reason = privateTargetReason(url);
  if (reason) throw fail.validation('url', `a watch may not send to ${new URL(url).host}: ${reason}`);
}

export async function createWatch(
  db: Db,
  ctx: ActorCtx,
  input: WatchInput,
  sync: Pick<SyncEnv, 'allowPrivateTargets'>,
): Promise<WatchView> {
  assertRole(ctx.actor, WATCH_OWNERS, 'register watches');
  checkTarget(ctx.actor, input.url, sync);
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    await assertRoomForWatch(trx, ctx.actor, input.usccs.length);
    // A new watch reports changes from now on: what the feed already holds is history.
    const size = await treeSize(trx);
    const row = await trx
      .insertInto('sync.watches')
      .values({
        id: newId('watch', now),
        owner_sub: ctx.actor.sub,
        owner_role: ctx.actor.role,
        url: input.url,
        description: input.description ?? null,
        secret: input.secret ?? null,
        status: 'active',
        cursor: size - 1,
        subject_count: input.usccs.length,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await insertCodes(trx, row.id, input.usccs);
    const view = toView(row);
    await recordAudit(trx, ctx, {
      action: 'sync.watch.create',
      entityType: 'watch',
      entityId: row.id,
      after: { ...view, usccs: await codesDigest(input.usccs) },
    });
    return { ...view, delivery: NOTHING_OPEN };
  });
}

const find = (db: Db | Trx, id: string) => db.selectFrom('sync.watches').selectAll().where('id', '=', id);

/** Route guard: the watch exists for this caller (another owner's is 404), before the body is judged. */
export async function authorizeWatch(db: Db, actor: Actor, id: string, forReading: boolean) {
  assertRole(actor, forReading ? WATCH_READERS : WATCH_OWNERS, forReading ? 'read watches' : 'change watches');
  const row = await find(db, id).executeTakeFirst();
  if (!row) throw fail.notFound(`watch ${id}`);
  if (forReading) assertMayRead(actor, row);
  else assertMayChange(actor, row);
}

/** The caller's own watches, oldest first; an admin's list holds everyone's. */
export async function listWatches(db: Db, actor: Actor, page: { limit: number; cursor?: string }) {
  assertRole(actor, WATCH_READERS, 'list watches');
  const after = decodeCursor(page.cursor);
  let q = db
    .selectFrom('sync.watches')
    .selectAll()
    .orderBy('id')
    .limit(page.limit + 1);
  if (actor.role !== 'admin') q = q.where('owner_sub', '=', actor.sub).where('owner_role', '=', actor.role);
  if (after) q = q.where('id', '>', after);
  const rows = await q.execute();
  const states = await deliveryStates(
    db,
    rows.map((r) => r.id),
  );
  return toPage(rows, page.limit, (row) => ({ ...toView(row), delivery: states.get(row.id) ?? NOTHING_OPEN }));
}

/** One watch with a page of its codes, in code order. */
export async function getWatch(db: Db, actor: Actor, id: string, page: { limit: number; cursor?: string }) {
  const row = await find(db, id).executeTakeFirst();
  if (!row) throw fail.notFound(`watch ${id}`);
  assertMayRead(actor, row);
  const after = decodeCursor(page.cursor);
  let q = db
    .selectFrom('sync.watch_subjects')
    .select('uscc')
    .where('watch_id', '=', id)
    .orderBy('uscc')
    .limit(page.limit + 1);
  if (after) q = q.where('uscc', '>', after);
  const codes = (await q.execute()).map((r) => r.uscc);
  const more = codes.length > page.limit;
  const items = more ? codes.slice(0, page.limit) : codes;
  return { ...(await withDelivery(db, toView(row))), usccs: { items, nextCursor: more ? encodeCursor(items[items.length - 1]!) : null } };
}

/** Locks the caller's own watch for a change (the matcher holds the same lock while it matches a page). */
async function lockOwn(trx: Trx, actor: Actor, id: string): Promise<Row> {
  const row = await find(trx, id).forUpdate().executeTakeFirst();
  if (!row) throw fail.notFound(`watch ${id}`);
  assertMayChange(actor, row);
  return row;
}

export function updateWatch(
  db: Db,
  ctx: ActorCtx,
  id: string,
  change: WatchChange,
  sync: Pick<SyncEnv, 'allowPrivateTargets'>,
): Promise<WatchView> {
  return db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, ctx.actor, id);
    if (change.url !== undefined) checkTarget(ctx.actor, change.url, sync);
    const updated = await trx
      .updateTable('sync.watches')
      .set({
        ...(change.status !== undefined ? { status: change.status } : {}),
        ...(change.url !== undefined ? { url: change.url } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const after = toView(updated);
    await recordAudit(trx, ctx, { action: 'sync.watch.update', entityType: 'watch', entityId: id, before: toView(row), after });
    return withDelivery(trx, after);
  });
}

/** Adds codes (those already watched change nothing) up to the watch's 100,000 and the owner's quota. */
export function addWatchCodes(db: Db, ctx: ActorCtx, id: string, codes: string[]) {
  return db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, ctx.actor, id);
    const checkOwnerTotal = await roomForCodes(trx, ctx.actor);
    const added = await insertCodes(trx, id, codes);
    const count = row.subject_count + added;
    if (count > MAX_WATCH_CODES) {
      throw new DomainError(
        'LIMIT_EXCEEDED',
        `a watch holds at most ${MAX_WATCH_CODES.toLocaleString('en')} codes: it holds ${row.subject_count.toLocaleString('en')}, and ${added.toLocaleString('en')} of these are new`,
      );
    }
    checkOwnerTotal(added);
    const watch = await setCount(trx, ctx, id, count);
    await recordAudit(trx, ctx, {
      action: 'sync.watch.add_subjects',
      entityType: 'watch',
      entityId: id,
      before: { subjectCount: row.subject_count },
      after: { subjectCount: count, added, usccs: await codesDigest(codes) },
    });
    return { watch, added };
  });
}

/** Removes codes (those not watched change nothing). */
export function removeWatchCodes(db: Db, ctx: ActorCtx, id: string, codes: string[]) {
  return db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, ctx.actor, id);
    const removed = await deleteCodes(trx, id, codes);
    const count = row.subject_count - removed;
    const watch = await setCount(trx, ctx, id, count);
    await recordAudit(trx, ctx, {
      action: 'sync.watch.remove_subjects',
      entityType: 'watch',
      entityId: id,
      before: { subjectCount: row.subject_count },
      after: { subjectCount: count, removed, usccs: await codesDigest(codes) },
    });
    return { watch, removed };
  });
}

async function setCount(trx: Trx, ctx: ActorCtx, id: string, count: number) {
  const row = await trx
    .updateTable('sync.watches')
    .set({ subject_count: count, updated_at: ctx.clock.now() })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return withDelivery(trx, toView(row));
}

/** Removes the watch, its codes and its notifications not yet delivered (nothing more goes out for it). */
export function deleteWatch(db: Db, ctx: ActorCtx, id: string) {
  return db.transaction().execute(async (trx) => {
    const row = await lockOwn(trx, ctx.actor, id);
    // As it was: the notifications about to be dropped with it are counted before they go.
    const shown = await withDelivery(trx, toView(row));
    await trx.deleteFrom('sync.watches').where('id', '=', id).execute();
    const view = toView(row);
    await recordAudit(trx, ctx, { action: 'sync.watch.delete', entityType: 'watch', entityId: id, before: view });
    return shown;
  });
}
