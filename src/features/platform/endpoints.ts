import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { ActorCtx, Role } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db, EndpointsTable, Trx } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import type { DeliveryKey } from '../../signing/delivery-key.js';
import { signingOf } from '../../sync/delivery/signature.js';
import { treeSize } from '../../sync/feed.js';
import type { EndpointChange, EndpointInput } from './delivery-schemas.js';

/**
 * Push endpoints of the city platform (Standard Webhooks): an admin registers, lists, pauses and
 * changes them; each change commits with its audit row. The secret is kept to sign with and never
 * shown again (nor written to the audit log). A change of URL or secret-less signing applies to
 * messages not yet delivered; a change of event types applies to events not yet cut.
 */
export const DELIVERY_ADMINS: readonly Role[] = ['admin'];

type Row = Selectable<EndpointsTable>;
type Key = Pick<DeliveryKey, 'whpk' | 'kid'>;

function toView(row: Row, key: Key) {
  const signing = signingOf(row.secret);
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: row.event_types,
    signing,
    ...(signing === 'v1a' ? { publicKey: key.whpk, kid: key.kid } : {}),
    status: row.status,
    cursor: Number(row.cursor),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
export type EndpointView = ReturnType<typeof toView>;

const unique = (types: string[] | null | undefined) => (types ? [...new Set(types)] : null);

export async function registerEndpoint(db: Db, ctx: ActorCtx, key: Key, input: EndpointInput): Promise<EndpointView> {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'register push endpoints');
  const now = ctx.clock.now();
  return db.transaction().execute(async (trx) => {
    if (input.startAfter !== undefined) {
      const size = await treeSize(trx);
      if (input.startAfter >= size)
        throw fail.validation('startAfter', `the feed holds ${size} events (positions 0 to ${size - 1}); start after one of them, or −1`);
    }
    const row = await trx
      .insertInto('sync.endpoints')
      .values({
        id: newId('endpoint', now),
        url: input.url,
        description: input.description ?? null,
        event_types: unique(input.events),
        secret: input.secret ?? null,
        status: 'active',
        cursor: input.startAfter ?? -1,
        created_by: ctx.actor.sub,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView(row, key);
    await recordAudit(trx, ctx, { action: 'sync.endpoint_register', entityType: 'sync_endpoint', entityId: row.id, after: view });
    return view;
  });
}

export async function listEndpoints(db: Db, ctx: ActorCtx, key: Key, query: { cursor?: string; limit: number }) {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'read push endpoints');
  const after = decodeCursor(query.cursor);
  let page = db.selectFrom('sync.endpoints').selectAll();
  if (after) page = page.where('id', '>', after);
  const rows = await page
    .orderBy('id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, (row) => toView(row, key));
}

export async function getEndpoint(db: Db, ctx: ActorCtx, key: Key, id: string): Promise<EndpointView> {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'read push endpoints');
  const row = await db.selectFrom('sync.endpoints').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`endpoint ${id}`);
  return toView(row, key);
}

export async function changeEndpoint(db: Db, ctx: ActorCtx, key: Key, id: string, change: EndpointChange): Promise<EndpointView> {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'change push endpoints');
  return db.transaction().execute(async (trx) => {
    const before = await lockEndpoint(trx, id);
    if (change.status && before.status === 'disabled')
      throw fail.transition(`endpoint ${id} is disabled (${before.status_reason ?? 'no reason given'}); register a new one`, 'disabled');
    const row = await trx
      .updateTable('sync.endpoints')
      .set({
        ...(change.url !== undefined ? { url: change.url } : {}),
        ...(change.description !== undefined ? { description: change.description } : {}),
        ...(change.events !== undefined ? { event_types: unique(change.events) } : {}),
        ...(change.status !== undefined ? { status: change.status } : {}),
        updated_at: ctx.clock.now(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const view = toView(row, key);
    await recordAudit(trx, ctx, {
      action: 'sync.endpoint_change',
      entityType: 'sync_endpoint',
      entityId: id,
      before: toView(before, key),
      after: view,
    });
    return view;
  });
}

async function lockEndpoint(trx: Trx, id: string) {
  const row = await trx.selectFrom('sync.endpoints').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  if (!row) throw fail.notFound(`endpoint ${id}`);
  return row;
}
