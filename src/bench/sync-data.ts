import { sql } from 'kysely';
import type { Db } from '../db/types.js';

/**
 * The feed at province size, written by SQL in minutes instead of by the sequencer in hours: N events
 * of `subject.created`, their feed rows and every complete subtree of the Merkle log. The leaves are
 * real — SQL builds each item's canonical JSON exactly as feed-item.ts does (sorted keys, no spaces,
 * ASCII and Chinese text that JSON.stringify writes as is) — so the proofs the benchmark asks for are
 * proofs of these events, and `npm run sync:verify` accepts the log. Reused when already there.
 */
export async function generateFeed(db: Db, events: number): Promise<{ generated: boolean; ms: number }> {
  const started = performance.now();
  const head = await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow();
  if (Number(head.tree_size) >= events) return { generated: false, ms: 0 };
  if (Number(head.tree_size) > 0)
    throw new Error(`the bench database holds a feed of ${head.tree_size} events; drop it to build ${events}`);
  console.log(`generating a feed of ${events.toLocaleString('en')} events (once; reused on later runs)…`);
  const CHUNK = 1_000_000;
  for (let from = 0; from < events; from += CHUNK) {
    const to = Math.min(events, from + CHUNK) - 1;
    // Without triggers: the commit-ordinal trigger would queue a million deferred calls per chunk, and
    // these events are placed here directly, in order, never by the sequencer.
    await db.transaction().execute(async (trx) => {
      await sql`SET LOCAL session_replication_role = replica`.execute(trx);
      await sql`
      INSERT INTO sync.events (id, at, type, entity_type, entity_id, subject_id, payload)
      SELECT 'evt_BENCH' || lpad(g::text, 18, '0'),
             timestamptz '2020-01-01 00:00:00+00' + g * interval '15 seconds',
             'subject.created', 'subject', 'sub_BENCH' || lpad(g::text, 18, '0'), NULL,
             jsonb_build_object('id', 'sub_BENCH' || lpad(g::text, 18, '0'), 'kind', 'enterprise',
               'legalRepresentative', '张三', 'name', '基准企业' || g, 'previousNames', '[]'::jsonb,
               'region', '210102', 'uscc', 'BENCH' || lpad(g::text, 13, '0'))
      FROM generate_series(${from}::bigint, ${to}::bigint) AS g`.execute(trx);
    });
    // The leaf is the canonical JSON of the feed item with its payload's hash, keys sorted, exactly as
    // src/sync/feed-item.ts writes them (the payload's own canonical JSON is hashed first).
    await sql`
      INSERT INTO sync.feed (position, event_id, leaf_hash, payload_hash, sequenced_at)
      SELECT g, 'evt_BENCH' || lpad(g::text, 18, '0'),
             sha256('\\x00'::bytea || convert_to(
               '{"at":"' || to_char((timestamptz '2020-01-01 00:00:00+00' + g * interval '15 seconds') AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') ||
               '","entityId":"sub_BENCH' || lpad(g::text, 18, '0') || '","entityType":"subject","id":"evt_BENCH' || lpad(g::text, 18, '0') ||
               '","index":' || g || ',"payloadHash":"' || encode(ph, 'hex') || '","type":"subject.created"}', 'UTF8')),
             ph, now()
      FROM (SELECT g, sha256(convert_to(
              '{"id":"sub_BENCH' || lpad(g::text, 18, '0') || '","kind":"enterprise","legalRepresentative":"张三","name":"基准企业' || g ||
              '","previousNames":[],"region":"210102","uscc":"BENCH' || lpad(g::text, 13, '0') || '"}', 'UTF8')) AS ph
            FROM generate_series(${from}::bigint, ${to}::bigint) AS g) AS p`.execute(db);
    process.stdout.write(`  ${(to + 1).toLocaleString('en')} events\r`);
  }
  console.log('');
  // Each level of complete subtrees from the one below: node (L, i) = H(0x01 || (L−1, 2i) || (L−1, 2i+1)).
  await sql`
    INSERT INTO sync.merkle_nodes (level, idx, hash)
    SELECT 1, l.position / 2, sha256('\\x01'::bytea || l.leaf_hash || r.leaf_hash)
    FROM sync.feed l JOIN sync.feed r ON r.position = l.position + 1
    WHERE l.position % 2 = 0`.execute(db);
  for (let level = 2; 2 ** level <= events; level++) {
    await sql`
      INSERT INTO sync.merkle_nodes (level, idx, hash)
      SELECT ${level}, l.idx / 2, sha256('\\x01'::bytea || l.hash || r.hash)
      FROM sync.merkle_nodes l JOIN sync.merkle_nodes r ON r.level = l.level AND r.idx = l.idx + 1
      WHERE l.level = ${level - 1} AND l.idx % 2 = 0`.execute(db);
  }
  // The sequencer carries on after the last generated event; it signs the checkpoint of this size.
  await sql`
    UPDATE sync.log_head SET tree_size = ${events}, low_xmin = pg_snapshot_xmin(pg_current_snapshot())`.execute(db);
  await sql`ANALYZE sync.events`.execute(db);
  await sql`ANALYZE sync.feed`.execute(db);
  await sql`ANALYZE sync.merkle_nodes`.execute(db);
  return { generated: true, ms: performance.now() - started };
}
