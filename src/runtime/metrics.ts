import { collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Metrics } from '../http/observe.js';
import { CONSUMERS } from '../jobs/index.js';
import { readSyncBacklog } from '../sync/backlog.js';

/**
 * A database pool as the metrics show it. PostgreSQL: node-pg's pool (in use = opened − idle; waiting =
 * queries queued for a connection). PGlite is one connection shared by the whole process: in use while
 * a transaction holds it; its queue is internal, so it reports no waiting count.
 */
export type PoolStats = { pool: string; max: number; inUse: number; idle: number; waiting?: number };

/**
 * The Node service's metrics on a registry of its own (prom-client's default metrics of the process —
 * CPU, resident memory, heap, event-loop delay, GC — plus the service's):
 * - http_request_duration_seconds{method,route,status}: route is the registered pattern, so the series
 *   are bounded by the routes, never by the URLs asked for;
 * - registry_db_pool_*{pool}: read from the pools at each scrape;
 * - registry_outbox_lag_seconds{consumer}, registry_sync_*_deliveries{…,status}: read from the database
 *   at each scrape (sync/backlog.ts);
 * - registry_replica_lag_seconds{replica}, registry_replica_serving{replica}: as the replicas' last check
 *   (or a read that failed) left them.
 */
/** A replica as the metrics show it (db/replicas.ts status). */
export type ReplicaStats = { name: string; serving: boolean; lagMs: number | null };

export function createNodeMetrics(pools: () => PoolStats[], replicas: () => ReplicaStats[] = () => []): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const durations = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time from a request to its response head, by route pattern, method and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers });
  // Bounded as the series are: by routes, methods and statuses.
  const seriesByKey = new Map<string, { observe(value: number): void }>();
  const connections = gauge('registry_db_pool_connections', 'Database connections by state (in_use, idle)', ['pool', 'state']);
  const waiting = gauge('registry_db_pool_waiting', 'Queries waiting for a database connection', ['pool']);
  const poolMax = gauge('registry_db_pool_max', 'The most connections the pool opens', ['pool']);
  const outboxLag = gauge(
    'registry_outbox_lag_seconds',
    'Age of the oldest outbox event a reader has not taken yet (0: none), by reader (feed, each consumer)',
    ['consumer'],
  );
  const endpointDeliveries = gauge(
    'registry_sync_endpoint_deliveries',
    'Pushed messages to a platform endpoint not delivered yet (pending) or given up on (dead)',
    ['endpoint', 'status'],
  );
  const watchDeliveries = gauge(
    'registry_sync_watch_deliveries',
    'Watch notifications, all watches together, not delivered yet (pending) or given up on (dead)',
    ['status'],
  );

  const replicaLag = gauge(
    'registry_replica_lag_seconds',
    'How far behind the primary a read replica is, as last measured (absent until first measured)',
    ['replica'],
  );
  const replicaServing = gauge(
    'registry_replica_serving',
    'Whether a read replica serves reads now (1) or is out: failed, unreachable or over the lag bound (0)',
    ['replica'],
  );

  return {
    observeRequest: ({ method, route, status, seconds }) => {
      // The labelled series kept by their key: prom-client hashes a label object on every observe.
      const key = `${method} ${status} ${route}`;
      let series = seriesByKey.get(key);
      if (!series) {
        series = durations.labels({ method, route, status: String(status) });
        seriesByKey.set(key, series);
      }
      series.observe(seconds);
    },
    render: async (db, clock) => {
      const backlog = await readSyncBacklog(db, clock, CONSUMERS);
      // Series of things that are gone (a removed endpoint) must not linger: each scrape sets them afresh.
      for (const gauge of [connections, waiting, poolMax, outboxLag, endpointDeliveries, replicaLag, replicaServing]) gauge.reset();
      for (const p of pools()) {
        poolMax.set({ pool: p.pool }, p.max);
        connections.set({ pool: p.pool, state: 'in_use' }, p.inUse);
        connections.set({ pool: p.pool, state: 'idle' }, p.idle);
        if (p.waiting !== undefined) waiting.set({ pool: p.pool }, p.waiting);
      }
      for (const r of replicas()) {
        replicaServing.set({ replica: r.name }, r.serving ? 1 : 0);
        if (r.lagMs !== null) replicaLag.set({ replica: r.name }, r.lagMs / 1000);
      }
      for (const { consumer, seconds } of backlog.outboxLag) outboxLag.set({ consumer }, seconds);
      for (const { endpoint, pending, dead } of backlog.endpointDeliveries) {
        endpointDeliveries.set({ endpoint, status: 'pending' }, pending);
        endpointDeliveries.set({ endpoint, status: 'dead' }, dead);
      }
      watchDeliveries.set({ status: 'pending' }, backlog.watchDeliveries.pending);
      watchDeliveries.set({ status: 'dead' }, backlog.watchDeliveries.dead);
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
