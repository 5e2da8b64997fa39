import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import { systemClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import type { AppDeps } from '../http/env.js';
import { newId } from '../lib/ids.js';
import { cutBatches } from '../sync/delivery/batches.js';
import { deliverDue } from '../sync/delivery/worker.js';
import { fmt } from './stats.js';

/**
 * Push delivery to a platform on loopback: the last BENCH_DELIVER_EVENTS events of the feed cut into
 * batches and posted (signed, v1a) until every one is acknowledged, at two batch sizes. The platform
 * only reads the body and counts its events, so the figure is the registry's side of the work.
 */
export async function benchDelivery(db: Db, deps: AppDeps, config: Config) {
  let received = 0;
  const platform = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received += (JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { events: unknown[] } }).data.events.length;
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => platform.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(platform.address() as AddressInfo).port}/events`;
  try {
    const size = Number((await db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow()).tree_size);
    const count = Math.min(config.BENCH_DELIVER_EVENTS, size);
    console.log(`push delivery of the last ${count.toLocaleString('en')} events to a loopback platform (v1a, Ed25519)`);
    for (const batchMax of [100, 1000]) {
      received = 0;
      const id = newId('endpoint');
      const now = new Date();
      await db
        .insertInto('sync.endpoints')
        .values({
          id,
          url,
          description: 'bench',
          event_types: null,
          secret: null,
          cursor: size - count - 1,
          created_by: 'bench',
          created_at: now,
          updated_at: now,
        })
        .execute();
      const env = { ...deps.sync, batchMax };
      const started = performance.now();
      while (received < count) {
        await cutBatches(db, systemClock, env);
        await deliverDue(db, systemClock, env, { concurrency: 4, maxAttempts: 10_000 });
      }
      const ms = performance.now() - started;
      console.log(
        `  batches of ${String(batchMax).padEnd(5)} ${fmt(ms).padStart(10)}   ${Math.round((count * 1000) / ms)
          .toLocaleString('en')
          .padStart(8)} events/s`,
      );
      await sql`UPDATE sync.endpoints SET status = 'disabled', status_reason = 'bench done' WHERE id = ${id}`.execute(db);
    }
  } finally {
    await new Promise((resolve) => platform.close(resolve));
  }
}
