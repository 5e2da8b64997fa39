import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { compactVerify, createLocalJWKSet, exportJWK, generateKeyPair, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDeliveryJwk } from '../../src/signing/delivery-key.js';
import { ROOT } from '../helpers/cli.js';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { openTestDatabase, TokenFactory } from '../helpers/harness.js';

/** The Worker build under `wrangler dev` (workerd), reaching the local PostgreSQL through Hyperdrive. */
let database: Awaited<ReturnType<typeof openTestDatabase>>;
let wrangler: ChildProcess;
let base: string;
let tokens: TokenFactory;
let output = '';

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  database = await openTestDatabase();
  tokens = await TokenFactory.create();
  const hyperdriveUrl = new URL(database.url!);
  if (!hyperdriveUrl.password) hyperdriveUrl.password = 'local'; // Hyperdrive insists on one; trust auth ignores it
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  wrangler = spawn(
    join(ROOT, 'node_modules/.bin/wrangler'),
    [
      'dev',
      '--port',
      String(port),
      '--ip',
      '127.0.0.1',
      '--show-interactive-dev-session=false',
      '--var',
      `AUTH_PUBLIC_JWK:${JSON.stringify(tokens.publicJwk)}`,
      '--var',
      `PROOF_PRIVATE_JWK:${JSON.stringify({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'proof-worker' })}`,
      '--var',
      `FEED_PRIVATE_JWK:${JSON.stringify({ ...(await exportJWK((await generateKeyPair('ES256', { extractable: true })).privateKey)), kid: 'feed-worker' })}`,
      '--var',
      `DELIVERY_PRIVATE_JWK:${JSON.stringify(generateDeliveryJwk('delivery-worker'))}`,
    ],
    {
      cwd: ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: {
        ...process.env,
        WRANGLER_SEND_METRICS: 'false',
        CI: 'true',
        CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: hyperdriveUrl.toString(),
      },
    },
  );
  wrangler.stdout!.on('data', (d) => {
    output += d;
  });
  wrangler.stderr!.on('data', (d) => {
    output += d;
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/health`)).ok) break;
    } catch {
      /* not up yet */
    }
    if (Date.now() > deadline || wrangler.exitCode !== null) throw new Error(`wrangler dev did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}, 120_000);

afterAll(async () => {
  if (wrangler?.pid && wrangler.exitCode === null) {
    try {
      process.kill(-wrangler.pid, 'SIGTERM');
    } catch {
      /* gone */
    }
  }
  await database?.close();
});

/** Registers a new subject through the Worker; its body, once the Worker answered 201. */
async function registerThroughWorker(token: string) {
  const body = subjectBody();
  const created = await fetch(`${base}/api/v1/subjects`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(created.status, `${await created.clone().text()}\n${output}`).toBe(201);
  return body;
}

describe('the Worker under wrangler dev', () => {
  it('is ready against the migrated database', async () => {
    const res = await fetch(`${base}/ready`);
    expect(res.status, output).toBe(200);
  });

  it('creates and reads a subject through Hyperdrive', async () => {
    const token = await tokens.sign('regulator', { dept: DEPT_A });
    const body = await registerThroughWorker(token);
    const read = await fetch(`${base}/api/v1/subjects/${body.uscc}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(read.status).toBe(200);
    expect(await read.json()).toMatchObject({ uscc: body.uscc, name: body.name });
    const audited = await database.db.selectFrom('audit.entries').select('action').where('entity_type', '=', 'subject').execute();
    expect(audited.map((a) => a.action)).toContain('subject.create');
  });

  it('serves the public read path: the profile in one query with its ETag, 304 on revalidation, and a signed status that verifies', async () => {
    const body = await registerThroughWorker(await tokens.sign('regulator', { dept: DEPT_A }));
    const profile = await fetch(`${base}/api/v1/public/subjects/${body.uscc}`);
    expect(profile.status, output).toBe(200);
    expect(await profile.json()).toMatchObject({ uscc: body.uscc, name: body.name, grade: expect.any(String), records: [] });
    const etag = profile.headers.get('ETag')!;
    expect(etag).toMatch(/^"profile-/);
    const revalidated = await fetch(`${base}/api/v1/public/subjects/${body.uscc}`, { headers: { 'If-None-Match': etag } });
    expect(revalidated.status).toBe(304);

    const status = await fetch(`${base}/api/v1/public/subjects/${body.uscc}/status?on=2026-11-20`);
    expect(status.status, output).toBe(200);
    const signed = (await status.json()) as { status: { uscc: string; black: boolean }; jws: string };
    expect(signed.status).toMatchObject({ uscc: body.uscc, black: false });
    const jwks = createLocalJWKSet((await (await fetch(`${base}/.well-known/jwks.json`)).json()) as { keys: JWK[] });
    const { payload } = await compactVerify(signed.jws, jwks);
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(signed.status);
    const statusAgain = await fetch(`${base}/api/v1/public/subjects/${body.uscc}/status?on=2026-11-20`, {
      headers: { 'If-None-Match': status.headers.get('ETag')! },
    });
    expect(statusAgain.status).toBe(304);
  });

  it('counts into a year with no official table on its provisional one (lunar-javascript runs in the Worker)', async () => {
    // Thursday 2026-12-31 + 1 working day: the provisional 元旦 block Fri 1/1 – Sun 1/3 → Monday 2027-01-04.
    const add = await fetch(`${base}/api/v1/calendar/add?from=2026-12-31&workdays=1`);
    expect(await add.json()).toEqual({ date: '2027-01-04', provisional: true });
    // 2027's 除夕 (2/5) comes from the library's lunar calendar.
    const year = (await (await fetch(`${base}/api/v1/calendar/2027`)).json()) as { status: string; holidays: string[] };
    expect(year.status).toBe('provisional');
    expect(year.holidays).toContain('2027-02-05');
  });

  it('serves the docs assets bundled into the Worker', async () => {
    const css = await fetch(`${base}/docs/swagger-ui.css`);
    expect(css.headers.get('content-type')).toContain('text/css');
    expect((await css.text()).length).toBeGreaterThan(10_000);
  });

  it('publishes the status-proof, feed and webhook keys, public parts only', async () => {
    const res = await fetch(`${base}/.well-known/jwks.json`);
    const body = (await res.json()) as { keys: { kid: string; d?: string }[] };
    expect(body.keys.map((k) => k.kid)).toEqual(['proof-worker', 'feed-worker', 'delivery-worker']);
    for (const key of body.keys) expect(key.d, key.kid).toBeUndefined();
  });

  it('answers without a token with 401 problem+json', async () => {
    const res = await fetch(`${base}/api/v1/subjects`);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
