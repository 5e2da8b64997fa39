import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { openNodeDatabase } from '../../src/runtime/database.js';
import { readKey } from '../../src/runtime/keys.js';
import { ROOT } from '../helpers/cli.js';
import { subjectBody } from '../helpers/factories.js';

/**
 * Production as an operator runs it: the TypeScript compiled by tsconfig.build.json, laid out as a
 * deployment (dist/ beside schema/, seeds/, node_modules/ and package.json: nothing from src/), started
 * as `node dist/node.js` with no TypeScript loader on a fresh embedded data directory. Then its JSON
 * logs, GET /metrics, and a SIGTERM while a request is in flight. The build skips type checking here
 * (`--noCheck`, the same JavaScript): CI type-checks the whole project on its own.
 */
const SLOW = 240_000;
const DEMO_USCC = '91210113QY90000778'; // the demo's subject on the black list (grade C)
const base = mkdtempSync(join(tmpdir(), 'registry-build-'));
const dataDir = join(base, 'data');
let service: ChildProcess;
let url = '';
let stdout = '';

/** The JSON lines the service has logged so far (the start banner's lines, for a person, are not JSON). */
const logLines = () =>
  stdout
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

function run(argv: string[], cwd: string): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(argv[0]!, argv.slice(1), { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => {
      output += d;
    });
    child.stderr.on('data', (d) => {
      output += d;
    });
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 180_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (service.exitCode !== null || Date.now() > deadline) throw new Error(`${what}: not seen (exit ${service.exitCode})\n${stdout}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  const deployment = join(base, 'app');
  mkdirSync(deployment);
  for (const entry of ['package.json', 'node_modules', 'schema', 'seeds']) symlinkSync(join(ROOT, entry), join(deployment, entry));
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const build = await run(
    [process.execPath, tsc, '-p', join(ROOT, 'tsconfig.build.json'), '--noCheck', '--outDir', join(deployment, 'dist')],
    ROOT,
  );
  expect(build.code, build.output).toBe(0);

  // Only what an operator would set: no DATABASE_URL (embedded), no loader in NODE_OPTIONS.
  const env = {
    PATH: process.env.PATH ?? '',
    DATA_DIR: dataDir,
    HOST: '0.0.0.0',
    PORT: '0',
    LOG_REQUESTS: 'true',
    SHUTDOWN_GRACE_MS: '60000',
  };
  service = spawn(process.execPath, ['dist/node.js'], { cwd: deployment, env, stdio: ['ignore', 'pipe', 'pipe'] });
  service.stdout!.on('data', (d) => {
    stdout += d;
  });
  service.stderr!.on('data', (d) => {
    stdout += d;
  });
  const port = await until('the start banner', () => /listening on http:\/\/localhost:(\d+)/.exec(stdout)?.[1]);
  url = `http://127.0.0.1:${port}`;
}, SLOW);

afterAll(() => {
  if (service && service.exitCode === null) service.kill('SIGKILL');
  rmSync(base, { recursive: true, force: true });
});

describe('node dist/node.js', () => {
  it('answers /health, the demo data, a page and the docs assets', async () => {
    expect((await fetch(`${url}/health`)).status).toBe(200);
    const profile = await fetch(`${url}/api/v1/public/subjects/${DEMO_USCC}`, { headers: { 'X-Request-Id': 'build-test-profile-1' } });
    const body = (await profile.json()) as { grade: string };
    expect(profile.status, JSON.stringify(body)).toBe(200);
    expect(body.grade).toBe('C');
    const page = await fetch(`${url}/subjects/${DEMO_USCC}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(DEMO_USCC);
    expect((await fetch(`${url}/docs/swagger-ui.css`)).status).toBe(200);
  });

  it('logs JSON lines that carry the request id', async () => {
    const line = await until('the access-log line', () => logLines().find((l) => l.requestId === 'build-test-profile-1'));
    expect(line).toMatchObject({ level: 'info', method: 'GET', route: '/api/v1/public/subjects/:uscc', status: 200 });
    expect(typeof line.ms).toBe('number');
  });

  it('serves /metrics to this machine, with sane values, and refuses a client elsewhere', async () => {
    for (let i = 0; i < 3; i++) await (await fetch(`${url}/api/v1/public/subjects/${DEMO_USCC}`)).arrayBuffer();
    const res = await fetch(`${url}/metrics`);
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const value = (series: string) =>
      Number(
        text
          .split('\n')
          .find((l) => l.startsWith(`${series} `))
          ?.split(' ')[1],
      );
    const route = 'method="GET",route="/api/v1/public/subjects/:uscc",status="200"';
    expect(value(`http_request_duration_seconds_count{${route}}`), text).toBeGreaterThanOrEqual(4);
    expect(value(`http_request_duration_seconds_sum{${route}}`), text).toBeGreaterThan(0);
    expect(value('registry_db_pool_max{pool="embedded"}'), text).toBe(1);
    expect(value('registry_db_pool_connections{pool="embedded",state="idle"}'), text).toBeGreaterThanOrEqual(0);
    // The demo's events are placed by the sync loop within a second or two of the start.
    expect(value('registry_outbox_lag_seconds{consumer="feed"}'), text).toBeGreaterThanOrEqual(0);
    expect(value('registry_outbox_lag_seconds{consumer="feed"}'), text).toBeLessThan(3600);
    expect(value('registry_sync_watch_deliveries{status="dead"}'), text).toBe(0);
    expect(value('process_resident_memory_bytes'), text).toBeGreaterThan(50e6);

    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    expect(address, 'this test needs a network interface besides loopback').toBeDefined();
    const remote = await fetch(`http://${address}:${new URL(url).port}/metrics`);
    expect(remote.status).toBe(403);
    // A reverse proxy on this machine connects from loopback; what it forwarded is not for this machine.
    const proxied = await fetch(`${url}/metrics`, { headers: { 'X-Forwarded-For': '203.0.113.7' } });
    expect(proxied.status).toBe(403);
  });

  it(
    'on SIGTERM stops accepting, finishes the request in flight, exits 0 and releases the data directory',
    async () => {
      const key = readKey(dataDir, 'token')!;
      const token = await new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'ES256', kid: key.kid })
        .setIssuer('credit-registry')
        .setAudience('credit-registry-api')
        .setSubject('admin:build-test')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(await importJWK(key.privateJwk, 'ES256'));
      const subject = subjectBody();
      const payload = Buffer.from(JSON.stringify(subject));

      // Expect: 100-continue: the server answers 100 once it has the request and handed it to the app, so
      // the request is surely in flight before the signal; its body follows only after the signal.
      const target = new URL('/api/v1/subjects', url);
      const inFlight = request({
        host: target.hostname,
        port: target.port,
        path: target.pathname,
        method: 'POST',
        agent: false,
        headers: {
          Authorization: `Bearer ${token}`,
          'Content-Type': 'application/json',
          'Content-Length': String(payload.length),
          Expect: '100-continue',
        },
      });
      const answered = new Promise<{ status: number; connection: string | undefined; body: string }>((resolve, reject) => {
        inFlight.on('response', (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }));
        });
        inFlight.on('error', reject);
      });
      const continued = new Promise<void>((resolve) => inFlight.once('continue', () => resolve()));
      inFlight.flushHeaders();
      await continued;

      const exited = new Promise<number | null>((resolve) => service.once('exit', (code) => resolve(code)));
      service.kill('SIGTERM');
      await until('the shutdown log line', () => logLines().find((l) => l.msg === 'shutting down'));
      await expect(fetch(`${url}/health`), 'a new connection after the signal').rejects.toThrow();

      inFlight.end(payload);
      const answer = await answered;
      expect(answer.status, answer.body).toBe(201);
      expect(answer.connection).toBe('close');
      expect(await exited).toBe(0);
      expect(logLines().some((l) => l.msg === 'stopped')).toBe(true);

      // The lock is gone and the directory opens at once; the write made during the shutdown is there.
      expect(existsSync(join(dataDir, 'registry.lock'))).toBe(false);
      const reopened = await openNodeDatabase(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
      try {
        const row = await reopened.db.selectFrom('credit.subjects').select('name').where('uscc', '=', subject.uscc).executeTakeFirst();
        expect(row?.name).toBe(subject.name);
      } finally {
        await reopened.close();
      }
    },
    SLOW,
  );
});
