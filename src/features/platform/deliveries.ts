import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db, DeliveriesTable, DeliveryStatus } from '../../db/types.js';
import { DELIVERY_ADMINS } from './endpoints.js';

/**
 * What push delivery did, for an admin: messages newest first (by status, endpoint or watch), one
 * message with every attempt, and the replay of a dead letter: back to pending with a fresh round of
 * attempts, under the same webhook-id and with the same body, so a platform that did apply it after
 * all (its acknowledgement lost) recognises it.
 */
type Row = Selectable<DeliveriesTable>;

const iso = (at: Date | null) => (at ? at.toISOString() : null);
const num = (value: string | null) => (value === null ? null : Number(value));

function toView(row: Row) {
  return {
    id: row.id,
    endpointId: row.endpoint_id,
    watchId: row.watch_id,
    seq: Number(row.seq),
    firstPosition: num(row.first_position),
    lastPosition: num(row.last_position),
    eventCount: row.event_count,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.status === 'pending' ? row.next_attempt_at.toISOString() : null,
    leaseUntil: row.status === 'pending' ? iso(row.lease_until) : null,
    lastStatus: row.last_status,
    lastError: row.last_error,
    createdAt: row.created_at.toISOString(),
    deliveredAt: iso(row.delivered_at),
    deadAt: iso(row.dead_at),
  };
}

export type DeliveryQuery = { status?: DeliveryStatus; endpoint?: string; watch?: string; cursor?: string; limit: number };

export async function listDeliveries(db: Db, ctx: ActorCtx, query: DeliveryQuery) {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'read deliveries');
  const before = decodeCursor(query.cursor);
  let page = db.selectFrom('sync.deliveries').selectAll();
  if (query.status) page = page.where('status', '=', query.status);
  if (query.endpoint) page = page.where('endpoint_id', '=', query.endpoint);
  if (query.watch) page = page.where('watch_id', '=', query.watch);
  if (before) page = page.where('id', '<', before);
  const rows = await page
    .orderBy('id', 'desc')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, toView);
}

export async function getDelivery(db: Db, ctx: ActorCtx, id: string) {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'read deliveries');
  const row = await db.selectFrom('sync.deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`delivery ${id}`);
  const attempts = await db.selectFrom('sync.delivery_attempts').selectAll().where('delivery_id', '=', id).orderBy('attempt').execute();
  return {
    ...toView(row),
    history: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at.toISOString(),
      status: a.status,
      error: a.error,
      durationMs: a.duration_ms,
    })),
    body: row.body,
  };
}

export async function replayDelivery(db: Db, ctx: ActorCtx, id: string) {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'replay deliveries');
  await db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('sync.deliveries').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
    if (!row) throw fail.notFound(`delivery ${id}`);
    if (row.status !== 'dead')
      throw fail.conflict(`delivery ${id} is ${row.status}: only a dead letter is replayed`, { status: row.status });
    const replayed = await trx
      .updateTable('sync.deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: ctx.clock.now(), lease_until: null, dead_at: null })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, {
      action: 'sync.delivery_replay',
      entityType: 'sync_delivery',
      entityId: id,
      before: toView(row),
      after: toView(replayed),
    });
  });
  return getDelivery(db, ctx, id);
}
