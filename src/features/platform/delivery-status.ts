import { sql } from 'kysely';
import type { ActorCtx } from '../../core/actor.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { DELIVERY_ADMINS } from './endpoints.js';

/**
 * Where push delivery stands for some endpoints, for an admin (the console's sync page): how many of
 * each endpoint's messages wait (pending, not being sent), are being sent now (a worker holds a lease
 * that has not run out), were delivered, and died; the last error (of the highest seq that has one)
 * and the last acknowledged delivery. One grouped query; counts the same rows GET
 * /api/v1/sync/deliveries?endpoint=… lists by status.
 */
export type EndpointDeliveryState = {
  pending: number;
  inFlight: number;
  delivered: number;
  dead: number;
  lastError: string | null;
  lastDeliveredAt: string | null;
};

export const NO_DELIVERIES: EndpointDeliveryState = {
  pending: 0,
  inFlight: 0,
  delivered: 0,
  dead: 0,
  lastError: null,
  lastDeliveredAt: null,
};

export async function endpointDeliveryStates(db: Db, ctx: ActorCtx, endpointIds: string[]): Promise<Map<string, EndpointDeliveryState>> {
  assertRole(ctx.actor, DELIVERY_ADMINS, 'read deliveries');
  if (endpointIds.length === 0) return new Map();
  const now = ctx.clock.now();
  const { rows } = await sql<{
    endpoint_id: string;
    pending: string;
    in_flight: string;
    delivered: string;
    dead: string;
    last_error: string | null;
    last_delivered_at: Date | string | null;
  }>`
    SELECT endpoint_id,
           count(*) FILTER (WHERE status = 'pending' AND (lease_until IS NULL OR lease_until <= ${now})) AS pending,
           count(*) FILTER (WHERE status = 'pending' AND lease_until > ${now}) AS in_flight,
           count(*) FILTER (WHERE status = 'delivered') AS delivered,
           count(*) FILTER (WHERE status = 'dead') AS dead,
           (array_agg(last_error ORDER BY seq DESC) FILTER (WHERE last_error IS NOT NULL))[1] AS last_error,
           max(delivered_at) AS last_delivered_at
    FROM sync.deliveries
    WHERE endpoint_id = ANY(${endpointIds}::text[])
    GROUP BY endpoint_id`.execute(db);
  return new Map(
    rows.map((r) => [
      r.endpoint_id,
      {
        pending: Number(r.pending),
        inFlight: Number(r.in_flight),
        delivered: Number(r.delivered),
        dead: Number(r.dead),
        lastError: r.last_error,
        lastDeliveredAt: r.last_delivered_at === null ? null : new Date(r.last_delivered_at).toISOString(),
      },
    ]),
  );
}
