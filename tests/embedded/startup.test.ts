import { mkdtempSync, rmSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startNodeServer } from '../../src/runtime/server.js';
import { runTs } from '../helpers/cli.js';

/**
 * `npm start` on an embedded data directory, as a new user runs it. These tests start services and
 * CLI processes; each has a limit sized for a loaded machine (CI shares two cores), not an idle one.
 */
const SPAWNS = 180_000;
const dataDir = mkdtempSync(join(tmpdir(), 'registry-data-'));
const config = loadConfig({ DATA_DIR: dataDir });
const env = { DATA_DIR: dataDir, DATABASE_URL: '', TEST_DATABASE_URL: '' };
let server: RunningServer | undefined;

beforeAll(async () => {
  server = await startNodeServer(config, { port: 0 });
});
afterAll(async () => {
  await server?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function token(role: string, ...flags: string[]) {
  const result = await runTs('src/cli/token.ts', ['--role', role, ...flags], env);
  expect(result.code, result.stderr).toBe(0);
  return result.stdout.trim().split('\n').pop()!;
}

describe('first start on an empty data directory', () => {
  it('creates the schema and loads the demo data', async () => {
    expect(server!.mode).toBe('embedded');
    expect(server!.seeded).toEqual({
      departments: 6,
      subjects: 60,
      records: 7,
      listEntries: 2,
      evaluationRuns: 1,
      contracts: 3,
      market: { agencies: 19, suspensions: 1, announcements: 8, ratings: 2, reports: 2 },
    });
  });

  it('offers the one-click demo sign-in to a browser on this machine only', async () => {
    const page = await (await fetch(`${server!.url}/console/sign-in`)).text();
    expect(page).toContain('data-role="regulator"');
    const origin = server!.url;
    const signIn = await fetch(`${origin}/console/demo-sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: origin, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'role=regulator',
    });
    expect(signIn.status).toBe(303);
    expect(signIn.headers.get('Set-Cookie')).toContain('registry_session=');

    // The same server reached over the machine's network address: the demo is not handed out there.
    const address = Object.values(networkInterfaces())
      .flat()
      .find((i) => i && !i.internal && i.family === 'IPv4')?.address;
    expect(address, 'this test needs a network interface besides loopback').toBeDefined();
    const remote = `http://${address}:${new URL(origin).port}`;
    expect(await (await fetch(`${remote}/console/sign-in`)).text()).not.toContain('data-role=');
    const refused = await fetch(`${remote}/console/demo-sign-in`, {
      method: 'POST',
      redirect: 'manual',
      headers: { Origin: remote, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'role=admin',
    });
    expect(refused.status).toBe(404);
    expect(refused.headers.get('Set-Cookie')).toBeNull();
  });

  it("shows the demo's black entry on the public profile", async () => {
    const res = await fetch(`${server!.url}/api/v1/public/subjects/91210113QY90000778`);
    const body = (await res.json()) as { grade: string; listEntries: { list: string }[] };
    expect(body.grade).toBe('C');
    expect(body.listEntries.map((e) => e.list)).toEqual(['black']);
  });

  it(
    'serves the demo over HTTP to a token from npm run token',
    async () => {
      const bearer = await token('regulator', '--dept', '11210100QY80000166');
      const res = await fetch(`${server!.url}/api/v1/subjects?kind=intermediary&limit=200`, {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      expect(res.status).toBe(200);
      const body = (await res.json()) as { items: unknown[] };
      expect(body.items.length).toBeGreaterThanOrEqual(30);
    },
    SPAWNS,
  );

  it(
    'refuses a second process on the same data directory with a clear message',
    async () => {
      const second = await runTs('src/node.ts', [], { ...env, PORT: '0' });
      expect(second.code).toBe(1);
      expect(second.stderr).toContain(`in use by process ${process.pid}`);
    },
    SPAWNS,
  );

  it(
    'refuses a token for an unknown role or a malformed department',
    async () => {
      const result = await runTs('src/cli/token.ts', ['--role', 'king', '--dept', '11210100QY80000167'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('--role must be one of');
      expect(result.stderr).toContain('--dept: position 18');
    },
    SPAWNS,
  );
});

describe('restart', () => {
  it(
    'does not seed again, keeps the data, and the audit chain verifies',
    async () => {
      await server!.close();
      server = undefined;
      server = await startNodeServer(config, { port: 0 });
      expect(server.seeded).toBeNull();
      const bearer = await token('admin');
      const res = await fetch(`${server.url}/api/v1/subjects?limit=200`, { headers: { Authorization: `Bearer ${bearer}` } });
      expect(((await res.json()) as { items: unknown[] }).items).toHaveLength(60);
      await server.close();
      server = undefined;

      const seedAgain = await runTs('src/cli/seed.ts', [], env);
      expect(seedAgain.stdout).toContain(
        '0 departments, 0 subjects, 0 records, 0 list entries, 0 evaluation runs, 0 arrears contracts, 0 中介超市 agencies, 0 announcements, 0 ratings added',
      );
      const verify = await runTs('src/cli/audit-verify.ts', [], env);
      expect(verify.code, verify.stderr).toBe(0);
      const sealed = /^ok (\d+)$/.exec(verify.stdout.trim());
      expect(sealed, verify.stdout).not.toBeNull();
      expect(Number(sealed![1])).toBeGreaterThan(66); // 66 departments and subjects, plus the credit and arrears demo
      const ledger = await runTs('src/cli/ledger-verify.ts', [], env);
      expect(ledger.stdout.trim()).toMatch(/^ok \d+ postings, 3 contracts$/);
    },
    4 * SPAWNS,
  );
});
