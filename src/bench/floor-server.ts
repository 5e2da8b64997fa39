import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { stream } from 'hono/streaming';
import { configFromProcess } from '../config.js';
import { createPgPool } from '../db/pg.js';
import { openPglite } from '../db/pglite.js';

/**
 * The floor of `bench -- http` and `bench -- embedded`: a bare Hono server over the same database,
 * with one endpoint per measured endpoint doing only the SQL that answers it — no token, validation,
 * disclosure, signature or middleware. What the app takes beyond this is what its own layers cost.
 * Run as its own process (PORT, HOST, DB_POOL_MAX, and DATABASE_URL or else DATA_DIR's PGlite).
 */
const config = configFromProcess();
type Query = (text: string, params: unknown[]) => Promise<Record<string, unknown>[]>;

async function openDatabase(): Promise<{ query: Query; close(): Promise<void> }> {
  if (config.DATABASE_URL) {
    // The app's own pool settings (size, type parsers), so the floor is the same connection budget.
    const pool = createPgPool(config.DATABASE_URL, config.DB_POOL_MAX);
    return { query: async (text, params) => (await pool.query(text, params)).rows, close: () => pool.end() };
  }
  const { pglite } = await openPglite({ dataDir: join(config.DATA_DIR, 'pgdata') });
  return { query: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params)).rows, close: () => pglite.close() };
}

const db = await openDatabase();
const TODAY = `(now() AT TIME ZONE 'Asia/Shanghai')::date`;

const SUBJECT = 'SELECT * FROM credit.subjects WHERE uscc = $1';

// The directory page as market.ts's floor writes it: service filter, restrictions, credit sort, one page.
const DIRECTORY = `
  SELECT s.uscc, s.name, sc.score, sc.grade, rt.count,
         rt.quality_sum + rt.timeliness_sum + rt.attitude_sum + rt.fee_sum + rt.conduct_sum AS rsum,
         o.fee_kind, o.fee_min_fen, o.fee_max_fen, o.discount_rate
  FROM market.agency_scores sc
  JOIN market.agencies a ON a.subject_id = sc.subject_id
  JOIN credit.subjects s ON s.id = sc.subject_id
  LEFT JOIN market.rating_totals rt ON rt.subject_id = sc.subject_id
  LEFT JOIN market.offers o ON o.subject_id = sc.subject_id AND o.service = $1
  WHERE a.state = 'admitted' AND o.service IS NOT NULL
    AND NOT EXISTS (SELECT 1 FROM credit.list_entries e WHERE e.subject_id = a.subject_id AND e.list = 'black'
                    AND e.published_on <= ${TODAY} AND NOT e.voided AND e.valid_until >= ${TODAY}
                    AND (e.exited_on IS NULL OR e.exited_on > ${TODAY}))
    AND NOT EXISTS (SELECT 1 FROM credit.records r WHERE r.subject_id = a.subject_id AND r.severity = 'serious'
                    AND r.superseded_at IS NULL AND r.decided_on <= ${TODAY} AND r.voided_on IS NULL
                    AND (r.shown_until >= ${TODAY} OR (r.obligations_unmet AND r.end_reason IS NULL)))
    AND NOT EXISTS (SELECT 1 FROM market.suspensions u WHERE u.subject_id = a.subject_id AND u.starts_on <= ${TODAY}
                    AND (u.ends_on IS NULL OR u.ends_on >= ${TODAY}) AND (u.lifted_on IS NULL OR u.lifted_on > ${TODAY}))
  ORDER BY sc.score DESC, sc.subject_id LIMIT $2`;

const FEED_PAGE = `
  SELECT f.position, f.leaf_hash, e.id, e.type, e.at, e.entity_type, e.entity_id, e.payload
  FROM sync.feed f JOIN sync.events e ON e.id = f.event_id
  WHERE f.position > $1 ORDER BY f.position LIMIT $2`;

// What the snapshot holds (public commitments, list entries active today, public records in effect
// today), each kind read by id in chunks of 1,000 as the app reads it, every row written as one JSON line.
const SNAPSHOT_CHUNK = 1000;
const SNAPSHOT_KINDS = [
  `SELECT c.*, s.uscc, s.name AS subject_name, s.kind AS subject_kind FROM credit.commitments c
   JOIN credit.subjects s ON s.id = c.subject_id WHERE c.publicity = 'public' AND c.id > $1 ORDER BY c.id LIMIT $2`,
  `SELECT e.*, s.uscc, s.name AS subject_name FROM credit.list_entries e JOIN credit.subjects s ON s.id = e.subject_id
   WHERE e.published_on IS NOT NULL AND e.published_on <= ${TODAY} AND NOT e.voided AND e.valid_until >= ${TODAY}
     AND (e.exited_on IS NULL OR e.exited_on > ${TODAY}) AND e.id > $1 ORDER BY e.id LIMIT $2`,
  `SELECT r.*, s.uscc, s.name AS subject_name FROM credit.records r JOIN credit.subjects s ON s.id = r.subject_id
   WHERE r.is_public AND r.superseded_at IS NULL AND r.decided_on <= ${TODAY} AND r.voided_on IS NULL
     AND (r.shown_until >= ${TODAY} OR (r.obligations_unmet AND r.end_reason IS NULL)) AND r.id > $1 ORDER BY r.id LIMIT $2`,
];

const app = new Hono()
  .get('/health', (c) => c.text('ok'))
  .get('/subjects/:uscc', async (c) => {
    const [row] = await db.query(SUBJECT, [c.req.param('uscc')]);
    return row ? c.json(row) : c.json({ status: 404 }, 404);
  })
  // The revalidation floor: the one select, and 304 when the client's validator is the row's version.
  .get('/status/:uscc', async (c) => {
    const [row] = await db.query(SUBJECT, [c.req.param('uscc')]);
    if (!row) return c.json({ status: 404 }, 404);
    const etag = `"${new Date(row.updated_at as string).getTime()}"`;
    if (c.req.header('If-None-Match') === etag) return c.body(null, 304, { ETag: etag });
    return c.json(row, 200, { ETag: etag });
  })
  .get('/agencies', async (c) => c.json(await db.query(DIRECTORY, [c.req.query('service') ?? '', Number(c.req.query('limit') ?? 20) + 1])))
  .get('/feed', async (c) => c.json(await db.query(FEED_PAGE, [Number(c.req.query('after') ?? -1), Number(c.req.query('limit') ?? 100)])))
  .get('/snapshot', (c) => {
    c.header('Content-Type', 'application/x-ndjson');
    return stream(c, async (out) => {
      let count = 0;
      for (const text of SNAPSHOT_KINDS) {
        let after = '';
        for (;;) {
          const rows = await db.query(text, [after, SNAPSHOT_CHUNK]);
          if (rows.length === 0) break;
          await out.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
          count += rows.length;
          after = rows[rows.length - 1]!.id as string;
          if (rows.length < SNAPSHOT_CHUNK) break;
        }
      }
      await out.write(`${JSON.stringify({ count })}\n`);
    });
  });

const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST });
const stop = () => {
  server.close();
  (server as { closeAllConnections?: () => void }).closeAllConnections?.();
  void db.close().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
