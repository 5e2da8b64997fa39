import { cpSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config.js';
import { migrate } from '../db/migrate.js';
import { openPglite } from '../db/pglite.js';
import { readSchemaFiles } from '../db/schema-files.js';
import { pgliteSession } from '../db/sessions.js';
import { floorEnv, serviceEnv } from './http-env.js';
import { HEADER, measure, report } from './http-measure.js';
import { benchKeys } from './keys.js';
import { floorCommand, type Server, serviceCommand, startServer, tempDir } from './processes.js';
import { generateCreditData } from './scoring.js';
import { syntheticUscc } from './synthetic.js';

/**
 * `npm run bench -- embedded`: the laptop size. The service on PGlite in a temporary DATA_DIR holding
 * BENCH_EMBEDDED_SUBJECTS synthetic subjects (and their records), beside a bare Hono + PGlite floor on
 * a copy of the same data directory (PGlite is one process's database, so each side has its own),
 * under the same autocannon load as `bench -- http`, on the one-query read. Target: ≥ 1,000 req/s.
 * Needs no PostgreSQL.
 */
const DEPT = '11210100QY80000166';

export async function benchEmbedded(config: Config) {
  const appDir = tempDir('bench-embedded-app-');
  const floorDir = tempDir('bench-embedded-floor-');
  const servers: Server[] = [];
  try {
    const { db, pglite } = await openPglite({ dataDir: join(appDir.path, 'pgdata') });
    await migrate(pgliteSession(pglite), readSchemaFiles());
    await generateCreditData(db, config.BENCH_EMBEDDED_SUBJECTS);
    await db.destroy();
    if (!pglite.closed) await pglite.close();
    cpSync(join(appDir.path, 'pgdata'), join(floorDir.path, 'pgdata'), { recursive: true });

    const keys = await benchKeys(config.AUTH_ISSUER, config.AUTH_AUDIENCE);
    const service = serviceCommand(config.BENCH_HTTP_SERVICE);
    servers.push(await startServer('floor', floorCommand(), floorEnv(config, { dataDir: floorDir.path })));
    servers.push(await startServer('app', service.argv, serviceEnv(config, keys, { dataDir: appDir.path })));
    const [floor, app] = servers as [Server, Server];
    const waited = await settle(app);
    console.log(
      `embedded: app = ${service.label} on PGlite; floor = bare Hono + PGlite; ${config.BENCH_EMBEDDED_SUBJECTS.toLocaleString('en')} subjects; ` +
        `autocannon in its own process, ${config.BENCH_HTTP_CONNECTIONS} connections, ${config.BENCH_HTTP_ROUNDS} rounds of ` +
        `${config.BENCH_HTTP_DURATION_S} s after a ${config.BENCH_HTTP_WARMUP_S} s warm-up, alternating; medians` +
        (waited > 1 ? ` (waited ${waited.toFixed(0)} s for the start-up jobs)` : ''),
    );
    console.log(HEADER);
    const token = { Authorization: `Bearer ${await keys.token('regulator', { dept: DEPT })}` };
    const codes = Array.from({ length: Math.min(5000, config.BENCH_EMBEDDED_SUBJECTS) }, (_, i) =>
      syntheticUscc('BQ', (i * 7919) % config.BENCH_EMBEDDED_SUBJECTS),
    );
    const measured = await measure(
      {
        name: 'subject',
        label: 'GET /subjects/{uscc} (token)',
        app: codes.map((c) => ({ path: `/api/v1/subjects/${c}`, headers: token })),
        floor: codes.map((c) => ({ path: `/subjects/${c}` })),
        status: 200,
        target: { reqPerS: 1000 },
      },
      floor,
      app,
      config,
    );
    console.log(report(measured));
  } finally {
    for (const s of servers.reverse()) await s.stop();
    appDir.remove();
    floorDir.remove();
  }
}

/**
 * The service runs its start-up jobs right after it answers, on the one embedded connection; waits
 * until /health (one query) answers within 50 ms five times in a row, at most five minutes.
 */
async function settle(app: Server): Promise<number> {
  const started = performance.now();
  let quick = 0;
  while (quick < 5 && performance.now() - started < 300_000) {
    const t = performance.now();
    await (await fetch(`${app.base}/health`)).arrayBuffer();
    quick = performance.now() - t < 50 ? quick + 1 : 0;
    await new Promise((r) => setTimeout(r, 200));
  }
  return (performance.now() - started) / 1000;
}
