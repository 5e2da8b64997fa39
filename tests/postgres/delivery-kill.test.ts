import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import { ROOT, runTs } from '../helpers/cli.js';
import {
  allDelivered,
  expectAppliedOnce,
  expectInOrder,
  newSecret,
  produceEvents,
  registerEndpoint,
  setStatus,
} from '../helpers/delivery.js';
import { DEPT_A } from '../helpers/factories.js';
import { createHarness, type Harness, show } from '../helpers/harness.js';
import { type Platform, startPlatform, waitUntil } from '../helpers/platform-server.js';

/**
 * The delivery process is a real child process (`npx tsx src/cli/sync.ts`, as `npm run sync` runs it)
 * killed with SIGKILL while the platform holds a request open in the middle of a batch — once before
 * the platform applied the batch, once after (its acknowledgement never leaves). After each restart the
 * lease of the interrupted attempt runs out and the same message is sent again: nothing is lost and
 * nothing is applied twice.
 */
let h: Harness;
let admin: string;
let regulator: string;
let platform: Platform;
let endpointId: string;
let dataDir: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  h = await createHarness({ clock: systemClock });
  admin = await h.tokens.sign('admin');
  regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
  const secret = newSecret();
  platform = await startPlatform({ secret });
  endpointId = await registerEndpoint(h, admin, { url: platform.url, secret });
  dataDir = mkdtempSync(join(tmpdir(), 'registry-sync-'));
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) kill(child, 'SIGKILL');
  await platform.close();
  await h.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** `npx tsx src/cli/sync.ts` in a process group of its own, so a signal reaches npx, tsx and node alike. */
type SyncProcess = { child: ChildProcess; output: () => string; exited: Promise<number | null>; closed: Promise<void> };

function startSync(): SyncProcess {
  const child = spawn('npx', ['tsx', 'src/cli/sync.ts'], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      DATABASE_URL: h.url!,
      DATA_DIR: dataDir,
      SYNC_RETRY_SCHEDULE: '0s,50ms,100ms',
      SYNC_DELIVERY_TIMEOUT_MS: '2000',
      SYNC_BATCH_MAX: '3',
      SYNC_INTERVAL_MS: '100',
    },
  });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (d) => {
    output += d;
  });
  child.stderr!.on('data', (d) => {
    output += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  // Output ends when every process of the group holding the pipe has ended.
  const closed = new Promise<void>((resolve) => child.stdout!.on('close', () => resolve()));
  return { child, output: () => output, exited, closed };
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  process.kill(-child.pid!, signal);
}

function groupAlive(child: ChildProcess): boolean {
  try {
    process.kill(-child.pid!, 0);
    return true;
  } catch {
    return false;
  }
}

async function inFlight(): Promise<{ id: string; attempts: number; lease_until: Date | null }[]> {
  return h.db
    .selectFrom('sync.deliveries')
    .select(['id', 'attempts', 'lease_until'])
    .where('endpoint_id', '=', endpointId)
    .where('lease_until', 'is not', null)
    .execute();
}

describe('npm run sync killed mid-batch', () => {
  it('loses nothing and applies nothing twice across two SIGKILLs and restarts', async () => {
    await produceEvents(h, regulator, 10);
    // Batch 1 goes through; batch 2 is held unapplied; after the restart batch 2 goes through and batch
    // 3 is applied but held; after the second restart everything goes through.
    platform.script({ kind: 'ok' }, { kind: 'hang' }, { kind: 'ok' }, { kind: 'apply-then-hang' });

    const holds: string[] = [];
    for (let run = 1; run <= 2; run++) {
      const hold = platform.nextHold();
      const sync = startSync();
      holds.push(await Promise.race([hold, sync.exited.then(() => Promise.reject(new Error(`sync exited: ${sync.output()}`)))]));
      kill(sync.child, 'SIGKILL');
      expect(await sync.exited, 'killed, not ended by itself').toBeNull();
      expect(sync.child.signalCode).toBe('SIGKILL');
      await waitUntil(
        () => !groupAlive(sync.child),
        () => 'every process of the killed group to end',
      );
      const leased = await inFlight();
      expect(
        leased.map((d) => d.id),
        'the interrupted message keeps its lease',
      ).toEqual([holds.at(-1)]);
      // Work keeps arriving while no deliverer runs.
      await produceEvents(h, regulator, 2);
    }

    const last = startSync();
    await waitUntil(
      async () => (await allDelivered(h.db, endpointId)) && (await h.db.selectFrom('sync.feed').select('position').execute()).length === 14,
      () => `${last.output()}\n${JSON.stringify(platform.received.map((r) => [r.webhookId.slice(-5), r.behaviour, r.answered]))}`,
      60_000,
    );
    // SIGTERM to the group (npx does not pass signals on): the sync process finishes its pass and stops.
    kill(last.child, 'SIGTERM');
    await last.closed;
    expect(last.output(), 'a SIGTERM ends it cleanly').toMatch(/SIGTERM, finishing the pass in flight\n[\s\S]*sync: stopped\n$/);

    await expectAppliedOnce(h.db, platform);
    expectInOrder(platform);
    for (const id of holds) {
      const tries = platform.received.filter((r) => r.webhookId === id);
      expect(tries.length, `${id} was sent again after the kill`).toBe(2);
      expect(tries[1]!.body, 'the same bytes').toBe(tries[0]!.body);
      const detail = await h.request('GET', `/api/v1/sync/deliveries/${id}`, { token: admin });
      expect(detail.body, show(detail)).toMatchObject({ status: 'delivered', attempts: 2 });
      expect(detail.body.history[0]).toMatchObject({ attempt: 1, status: null, error: expect.stringMatching(/^no outcome/) });
      expect(detail.body.history[1]).toMatchObject({ attempt: 2, status: 200 });
    }
    // The second hold was applied before the kill: its resend is acknowledged without applying it again.
    expect(platform.received.filter((r) => r.duplicate).map((r) => r.webhookId)).toEqual([holds[1]]);
  });

  it('npm run sync -- --once runs one pass, says what it did, and exits', async () => {
    await setStatus(h, admin, endpointId, 'paused');
    const secret = newSecret();
    const once = await startPlatform({ secret });
    try {
      const size = (await h.db.selectFrom('sync.log_head').select('tree_size').executeTakeFirstOrThrow()).tree_size;
      const id = await registerEndpoint(h, admin, { url: once.url, secret, startAfter: Number(size) - 1 });
      await produceEvents(h, regulator, 1);
      const result = await runTs('src/cli/sync.ts', ['--once'], { DATABASE_URL: h.url!, DATA_DIR: dataDir });
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/1 delivered, 0 to retry, 0 dead-lettered/);
      expect(await allDelivered(h.db, id)).toBe(true);
      expect(once.applied).toHaveLength(1);
    } finally {
      await once.close();
    }
  });
});
