import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DownloadOutcome, LoadOutcome, LoadSpec } from './load-runner.js';

/**
 * The processes of an HTTP benchmark: the service and its floor each in a process of their own, and
 * the load generator in a third. A child gets exactly the environment given here (nothing else of
 * the benchmark's own), so a stray setting in the shell cannot tilt one side.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');

/** How a TypeScript file runs as a process: node with tsx's loader (one process, no wrapper). */
const tsNode = (file: string) => [process.execPath, '--import', 'tsx', file] as const;

/**
 * The service's command: the compiled build (`npm run build`) when asked or, by default, when there is
 * one; else the source through tsx. A build older than the source it came from measures old code.
 */
export function serviceCommand(choice: 'auto' | 'build' | 'source'): { argv: readonly string[]; label: string } {
  const built = join(root, 'dist', 'node.js');
  if (choice === 'build' && !existsSync(built)) throw new Error('BENCH_HTTP_SERVICE=build, but there is no dist/node.js: npm run build');
  if (choice !== 'source' && existsSync(built)) return { argv: [process.execPath, built], label: 'node dist/node.js (the build)' };
  return { argv: tsNode(join(root, 'src', 'node.ts')), label: `src/node.ts through tsx${choice === 'auto' ? ' (no build in dist/)' : ''}` };
}

export const floorCommand = () => tsNode(join(here, 'floor-server.ts'));

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export type Server = { name: string; base: string; pid: number; stop(): Promise<void> };

/** Starts a server process and waits until GET /health answers 200; its output is kept for an error report. */
export async function startServer(
  name: string,
  argv: readonly string[],
  env: Record<string, string>,
  options: { readyTimeoutMs?: number } = {},
): Promise<Server> {
  const port = await freePort();
  const child = spawn(argv[0]!, argv.slice(1), {
    cwd: root,
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const base = `http://127.0.0.1:${port}`;
  const stop = () => stopChild(child);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 300_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready:\n${output}`);
    const ok = await fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} was not ready in time:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { name, base, pid: child.pid!, stop };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/** Runs the load generator in its own process on one spec; the spec goes through a temporary file. */
export async function runLoad(spec: Extract<LoadSpec, { kind: 'load' }>): Promise<LoadOutcome>;
export async function runLoad(spec: Extract<LoadSpec, { kind: 'download' }>): Promise<DownloadOutcome>;
export async function runLoad(spec: LoadSpec): Promise<LoadOutcome | DownloadOutcome> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const file = join(dir, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  try {
    const argv = tsNode(join(here, 'load-runner.ts'));
    const child = spawn(argv[0], argv.slice(1).concat(file), { cwd: root, env: {}, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    if (code !== 0) throw new Error(`the load generator failed (${code}): ${err.slice(-2000)}`);
    return JSON.parse(out.trim().split('\n').pop()!) as LoadOutcome | DownloadOutcome;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A temporary directory removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}
