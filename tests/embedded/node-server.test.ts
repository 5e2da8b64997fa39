import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeJwt, importJWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startBanner, tokenCommand } from '../../src/runtime/banner.js';
import { loadOrCreateKey, readKey } from '../../src/runtime/keys.js';
import { type RunningServer, startNodeServer } from '../../src/runtime/server.js';
import { runTs } from '../helpers/cli.js';

/**
 * The Node service as a person meets it (issue 9 #14–#17): a real HTTP server on loopback, a
 * keep-alive client, the CLIs beside a running service. Time limits are generous: a loaded machine
 * must not fail these.
 */
const SLOW = 120_000;
const base = mkdtempSync(join(tmpdir(), 'registry-node-'));
const dataDir = join(base, 'data');
const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', SEED_DEMO: 'false' });
const env = { DATA_DIR: dataDir, HOST: '127.0.0.1', DATABASE_URL: '', TEST_DATABASE_URL: '', SEED_DEMO: 'false' };
let server: RunningServer;
let admin: string;

beforeAll(async () => {
  server = await startNodeServer(config, { port: 0, sweepOnStart: false });
  const key = readKey(dataDir, 'token')!;
  admin = await new SignJWT({ role: 'admin' })
    .setProtectedHeader({ alg: 'ES256', kid: key.kid })
    .setIssuer(config.AUTH_ISSUER)
    .setAudience(config.AUTH_AUDIENCE)
    .setSubject('admin:node-test')
    .setIssuedAt()
    .setExpirationTime('1h')
    .sign(await importJWK(key.privateJwk, 'ES256'));
}, SLOW);
afterAll(async () => {
  await server?.close();
  rmSync(base, { recursive: true, force: true });
});

const noStackTrace = (text: string) => expect(text).not.toMatch(/^\s+at /m);

type Answer = { status: number; connection: string | undefined; body: string };

/** One request on the given agent; a body is sent with Content-Length, or chunked when asked. */
function send(
  agent: Agent,
  method: string,
  path: string,
  init: { body?: Buffer; headers?: Record<string, string>; chunked?: boolean } = {},
) {
  const url = new URL(path, server.url);
  return new Promise<Answer>((done, fail) => {
    const headers: Record<string, string> = { ...init.headers };
    if (init.body && !init.chunked) headers['Content-Length'] = String(init.body.length);
    const req = request({ host: url.hostname, port: url.port, method, path: url.pathname, agent, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => {
        body += chunk;
      });
      res.on('end', () => done({ status: res.statusCode!, connection: res.headers.connection, body }));
    });
    // The server may close while the rest of an oversized body is still being written; the answer came first.
    req.on('error', (error) => fail(error));
    if (init.body) req.end(init.body);
    else req.end();
  });
}

describe('HOST', () => {
  it('chooses the listening address', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
  });
});

describe('a keep-alive client after an answer given before the body was read', () => {
  const json = { 'Content-Type': 'application/json' };
  const cases: [string, { body: Buffer; headers: Record<string, string>; chunked?: boolean }, number][] = [
    ['a body over 1 MiB (413)', { body: Buffer.alloc(3 * 1024 * 1024, 'x'), headers: json }, 413],
    ['a chunked body over 1 MiB (413)', { body: Buffer.alloc(3 * 1024 * 1024, 'x'), headers: json, chunked: true }, 413],
    ['no token (401)', { body: Buffer.alloc(512 * 1024, 'x'), headers: json }, 401],
    ['a body that is not JSON (415)', { body: Buffer.alloc(512 * 1024, 'x'), headers: { 'Content-Type': 'text/plain' } }, 415],
  ];

  it.each(cases)(
    'sends its next request on the same agent without failing: %s',
    async (_what, init, status) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      try {
        const headers = status === 401 ? init.headers : { ...init.headers, Authorization: `Bearer ${admin}` };
        const refused = await send(agent, 'POST', '/api/v1/subjects', { ...init, headers });
        expect(refused.status, refused.body).toBe(status);
        expect(refused.connection).toBe('close');
        const next = await send(agent, 'GET', '/health');
        expect(next.status).toBe(200);
        const after = await send(agent, 'GET', '/health');
        expect(after).toMatchObject({ status: 200, connection: 'keep-alive' });
      } finally {
        agent.destroy();
      }
    },
    SLOW,
  );
});

describe('a port already in use', () => {
  it(
    'is one clear line, before any data directory is created',
    async () => {
      const otherDir = join(base, 'never-created');
      const port = new URL(server.url).port;
      const second = await runTs('src/node.ts', [], { ...env, DATA_DIR: otherDir, PORT: port }, SLOW);
      expect(second.code).toBe(1);
      expect(second.stderr.trim()).toBe(
        `port ${port} on 127.0.0.1 is already in use (is the registry already running?); stop that process or set PORT to another port`,
      );
      expect(existsSync(otherDir)).toBe(false);
    },
    SLOW,
  );
});

describe('maintenance CLIs while the service holds the data directory', () => {
  it.each([
    ['sweep', 'src/cli/sweep.ts', 'POST /api/v1/admin/sweep'],
    ['audit:verify', 'src/cli/audit-verify.ts', 'GET /api/v1/admin/audit/verify'],
    ['ledger:verify', 'src/cli/ledger-verify.ts', 'GET /api/v1/admin/ledger/verify'],
  ])(
    'npm run %s says the directory is in use and names the admin endpoint',
    async (script, file, endpoint) => {
      const result = await runTs(file, [], env, SLOW);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`npm run ${script} cannot run now`);
      expect(result.stderr).toContain(`in use by process ${process.pid}`);
      expect(result.stderr).toContain(endpoint);
      noStackTrace(result.stderr);
    },
    SLOW,
  );
});

describe('npm run token', () => {
  const token = (args: string[], extra: Record<string, string> = {}) => runTs('src/cli/token.ts', args, { ...env, ...extra }, SLOW);
  const get = (bearer: string) => fetch(`${server.url}/api/v1/subjects`, { headers: { Authorization: `Bearer ${bearer}` } });

  it(
    'prints its usage for --help, and for an unknown option without a stack trace',
    async () => {
      const help = await token(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('usage: npm run -s token -- --role <role>');
      expect(help.stdout).toContain('--data-dir <dir>');
      const wrong = await token(['--rol', 'admin']);
      expect(wrong.code).toBe(1);
      expect(wrong.stderr).toContain("Unknown option '--rol'");
      expect(wrong.stderr).toContain('usage:');
      noStackTrace(wrong.stderr);
    },
    SLOW,
  );

  it(
    'never creates a key: it says which directory it looked in',
    async () => {
      const empty = join(base, 'not-a-service');
      const result = await token(['--role', 'admin'], { DATA_DIR: empty });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`no token key in ${resolve(empty)}`);
      expect(result.stdout).toBe('');
      expect(existsSync(empty)).toBe(false);
    },
    SLOW,
  );

  it(
    'gives each token its own sub unless one is given, and refuses a lifetime the service would refuse',
    async () => {
      const [a, b, named, long] = await Promise.all([
        token(['--role', 'applicant']),
        token(['--role', 'applicant']),
        token(['--role', 'applicant', '--sub', 'applicant:desk-3']),
        token(['--role', 'admin', '--ttl', '7d']),
      ]);
      const sub = (r: { stdout: string }) => decodeJwt(r.stdout.trim().split('\n').pop()!).sub;
      expect(sub(a)).toMatch(/^applicant:local:[0-9a-f]{8}$/);
      expect(sub(a)).not.toBe(sub(b));
      expect(sub(named)).toBe('applicant:desk-3');
      expect(long.code).toBe(1);
      expect(long.stderr).toContain('AUTH_MAX_TOKEN_LIFETIME_SECONDS=86400');
    },
    SLOW,
  );

  it('prints the home page address; without the demo data there is no one-click demo sign-in', async () => {
    const banner = startBanner(server, config, 0).join('\n');
    expect(banner).toContain(`pages: ${server.url}/  (信用查询, 红黑名单, 中介超市, 工作台)`);
    const home = await fetch(`${server.url}/`);
    expect(home.status).toBe(200);
    expect(home.headers.get('Content-Type')).toContain('text/html');
    const signIn = await (await fetch(`${server.url}/console/sign-in`)).text();
    expect(signIn).toContain('name="token"');
    expect(signIn).not.toContain('data-role=');
  });

  it(
    'is printed by the start banner with the data directory, and that exact command works from anywhere',
    async () => {
      const banner = startBanner(server, config, 0).join('\n');
      expect(banner).toContain(`get a token: ${tokenCommand(config)}`);
      expect(tokenCommand(config)).toContain(`--data-dir ${resolve(dataDir)} `);
      // The command as printed, run with another DATA_DIR in the environment: --data-dir wins.
      const args = tokenCommand(config).split(' -- ')[1]!.split(' ');
      const result = await token(args, { DATA_DIR: join(base, 'elsewhere') });
      expect(result.code, result.stderr).toBe(0);
      expect((await get(result.stdout.trim().split('\n').pop()!)).status).toBe(200);
    },
    SLOW,
  );

  it(
    "signed with another directory's key, is refused with a 401 naming its kid",
    async () => {
      const otherDir = join(base, 'other-service');
      const otherKey = await loadOrCreateKey(otherDir, 'token');
      const result = await token(['--role', 'admin', '--data-dir', otherDir]);
      expect(result.code, result.stderr).toBe(0);
      const res = await get(result.stdout.trim().split('\n').pop()!);
      expect(res.status).toBe(401);
      expect(((await res.json()) as { detail: string }).detail).toContain(`(kid "${otherKey.kid}")`);
    },
    SLOW,
  );
});
