import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migratePostgres } from '../../src/runtime/database.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { TokenFactory } from '../helpers/harness.js';
import { applicationBody } from '../helpers/market-agencies.js';
import { type ReplicatedPair, startReplicatedPair } from '../helpers/pg-standby.js';
import { type ServiceProcess, startServiceProcess } from '../helpers/service-process.js';

/**
 * Two service processes (the Node service as its own OS process each, with its pools, app and replica
 * monitor) over a real primary and a streaming standby: reports filed through one are tracked through the other (the
 * tracking read may lag, so it goes to the replica), nothing is lost, and a standby whose replay is
 * paused stops serving what must be fresh at once and everything else once it is past the lag bound.
 */
const MAX_LAG_MS = 1000;
const WRITES = 200;

let pair: ReplicatedPair | undefined;
let dataDir: string | undefined;
let writer: ServiceProcess | undefined;
let reader: ServiceProcess | undefined;
let agencyUscc = '';

type Answer = { status: number; headers: Headers; body: any; text: string };

async function call(
  server: ServiceProcess,
  method: string,
  path: string,
  init: { token?: string; body?: unknown; headers?: Record<string, string> } = {},
) {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers,
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  const answer: Answer = { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null, text };
  return answer;
}
/** GET /metrics (no token: the test is on the service's own machine, which may scrape it). */
const scrape = async (server: ServiceProcess) => (await fetch(`${server.url}/metrics`)).text();
const show = (a: Answer) => `${a.status} ${a.headers.get('x-read-from') ?? '-'} ${a.text.slice(0, 400)}`;

function fileReport(n: number) {
  return call(writer!, 'POST', '/api/v1/market/reports', {
    body: { agencyUscc, facts: `第 ${n} 次：未按约定时间出具审查意见`, contact: { name: '赵先生', phone: '024-88886666' } },
  });
}
const track = (server: ServiceProcess, trackingNo: string, headers: Record<string, string> = {}) =>
  call(server, 'GET', `/api/v1/market/reports/track/${trackingNo}`, { headers });

/** Asks until `done` holds, for at most ten seconds; returns the last answer for the assertion. */
async function until(ask: () => Promise<Answer>, done: (a: Answer) => boolean): Promise<Answer> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const answer = await ask();
    if (done(answer) || Date.now() > deadline) return answer;
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  // Migrated before the base backup, so the standby starts with the schema.
  pair = await startReplicatedPair((primaryUrl) => migratePostgres(primaryUrl).then(() => undefined));
  const tokens = await TokenFactory.create();
  dataDir = await mkdtemp(join(tmpdir(), 'registry-replica-services-'));
  const start = (name: string) =>
    startServiceProcess({
      DATA_DIR: join(dataDir!, name),
      DATABASE_URL: pair!.primaryUrl,
      DATABASE_REPLICA_URLS: pair!.standbyUrl,
      REPLICA_MAX_LAG_MS: String(MAX_LAG_MS),
      REPLICA_CHECK_INTERVAL_MS: '100',
      AUTH_PUBLIC_JWK: JSON.stringify(tokens.publicJwk),
      SEED_DEMO: 'false',
    });
  [writer, reader] = await Promise.all([start('writer'), start('reader')]);

  // One admitted agency to report on, set up through the writing service.
  const regulator = await tokens.sign('regulator', { dept: DEPT_A });
  const subject = await call(writer, 'POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ kind: 'intermediary' }) });
  expect(subject.status, show(subject)).toBe(201);
  agencyUscc = subject.body.uscc;
  const applied = await call(writer, 'POST', '/api/v1/market/agencies', {
    token: await tokens.sign('subject', { uscc: agencyUscc }),
    body: applicationBody(),
  });
  expect(applied.status, show(applied)).toBe(201);
  const admitted = await call(writer, 'POST', `/api/v1/market/agencies/${agencyUscc}/admission`, {
    token: await tokens.sign('admin'),
    body: { decision: 'admit', note: '材料齐全，准予入驻' },
  });
  expect(admitted.status, show(admitted)).toBe(200);
});

afterAll(async () => {
  await Promise.allSettled([writer?.close(), reader?.close()]);
  await pair?.stop();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('read replicas', () => {
  const filed: string[] = [];

  it('reads a write made through one service through the other, at once, and nothing written is lost', async () => {
    let lastPosition = '';
    for (let batch = 0; batch < WRITES; batch += 10) {
      const receipts = await Promise.all(Array.from({ length: 10 }, (_, i) => fileReport(batch + i)));
      for (const receipt of receipts) {
        expect(receipt.status, show(receipt)).toBe(201);
        expect(receipt.headers.get('set-cookie'), 'the position rides in a cookie too').toMatch(
          /read_after=[0-9A-F]+%2F[0-9A-F]+|read_after=[0-9A-F]+\/[0-9A-F]+/,
        );
        lastPosition = receipt.headers.get('x-read-after')!;
        filed.push(receipt.body.trackingNo);
      }
      // Read-your-writes across processes: the other service, told the write's position, never answers without it.
      const readBack = await Promise.all(
        receipts.map((r) => track(reader!, r.body.trackingNo, { 'X-Read-After': r.headers.get('x-read-after')! })),
      );
      for (const answer of readBack) expect(answer.status, show(answer)).toBe(200);
    }
    expect(lastPosition).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);

    // Once the standby has replayed the last write, the reading service sends the reads there.
    const caughtUp = await until(
      () => track(reader!, filed.at(-1)!, { 'X-Read-After': lastPosition }),
      (a) => a.headers.get('x-read-from') === 'replica',
    );
    expect(caughtUp.headers.get('x-read-from'), show(caughtUp)).toBe('replica');
    for (const server of [reader!, writer!]) {
      const answers = await Promise.all(filed.map((no) => track(server, no, { 'X-Read-After': lastPosition })));
      expect(answers.filter((a) => a.status !== 200).map(show)).toEqual([]);
      expect(new Set(answers.map((a) => a.body.trackingNo)).size).toBe(WRITES);
    }
    const counted = async (on: 'primary' | 'standby') =>
      (await pair!.query<{ n: number }>(on, 'SELECT count(*)::int AS n FROM market.reports'))[0]!.n;
    expect(await counted('primary')).toBe(WRITES);
    expect(await counted('standby')).toBe(WRITES);
    // The reading service's metrics show the standby serving, its lag and its pool.
    const metrics = await scrape(reader!);
    expect(metrics).toMatch(/^registry_replica_serving\{replica="[^"]+"\} 1$/m);
    expect(metrics).toMatch(/^registry_replica_lag_seconds\{replica="[^"]+"\} [0-9.e-]+$/m);
    expect(metrics).toMatch(/^registry_db_pool_max\{pool="replica [^"]+"\} \d+$/m);
  });

  it('stops using a standby that falls behind: a read after a write at once, every read past the lag bound', async () => {
    const tolerant = () => track(reader!, filed[0]!);
    const before = await until(tolerant, (a) => a.headers.get('x-read-from') === 'replica');
    expect(before.headers.get('x-read-from'), show(before)).toBe('replica');

    await pair!.query('standby', 'SELECT pg_wal_replay_pause()');
    try {
      // A pause is requested, then takes effect: the write must come after it.
      for (let i = 0; i < 200; i++) {
        const [state] = await pair!.query<{ s: string }>('standby', 'SELECT pg_get_wal_replay_pause_state() AS s');
        if (state!.s === 'paused') break;
        await new Promise((r) => setTimeout(r, 50));
      }
      const receipt = await fileReport(WRITES);
      expect(receipt.status, show(receipt)).toBe(201);
      const trackingNo: string = receipt.body.trackingNo;
      const cookie = receipt.headers.get('set-cookie')!.split(';')[0]!;

      // The standby really lacks the write …
      const onStandby = await pair!.query('standby', `SELECT 1 FROM market.reports WHERE tracking_no = '${trackingNo}'`);
      expect(onStandby).toEqual([]);
      // … yet the client that wrote it reads it through the other service, by header or by cookie.
      const byHeader = { 'X-Read-After': receipt.headers.get('x-read-after')! };
      for (const headers of [byHeader, { Cookie: cookie }] as Record<string, string>[]) {
        const mine = await track(reader!, trackingNo, headers);
        expect(mine.status, show(mine)).toBe(200);
        expect(mine.headers.get('x-read-from'), show(mine)).toBe('primary');
      }
      // Reads that may lag leave the standby once it is further behind than the bound, and then see the write.
      const past = await until(tolerant, (a) => a.headers.get('x-read-from') === 'primary');
      expect(past.headers.get('x-read-from'), show(past)).toBe('primary');
      expect(await scrape(reader!)).toMatch(/^registry_replica_serving\{replica="[^"]+"\} 0$/m);
      const fresh = await track(reader!, trackingNo);
      expect(fresh.status, show(fresh)).toBe(200);
      expect(fresh.headers.get('x-read-from'), show(fresh)).toBe('primary');
    } finally {
      await pair!.query('standby', 'SELECT pg_wal_replay_resume()');
    }

    // Caught up again, it serves again, with the write it had missed.
    const back = await until(
      () => track(reader!, filed[0]!),
      (a) => a.headers.get('x-read-from') === 'replica',
    );
    expect(back.headers.get('x-read-from'), show(back)).toBe('replica');
    const onStandby = await pair!.query<{ n: number }>('standby', 'SELECT count(*)::int AS n FROM market.reports');
    expect(onStandby[0]!.n).toBe(WRITES + 1);
  });
});
