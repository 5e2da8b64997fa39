import { spawn } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Config } from '../config.js';
import { startServer, tempDir } from './processes.js';

/**
 * `npm run bench -- memory`: the resident memory of the demo as a person starts it (`npm start`: the
 * TypeScript through tsx) and of the build as production runs it (`node dist/node.js`), both embedded
 * on a data directory holding the demo data, after the start and after REQUESTS reads of the public
 * profile. `npm start`'s tree is the tsx CLI and the server process it starts (npm's own process,
 * about 50 MB more, is left out: it only waits). The build is made first (`npm run build`) and timed.
 * Reads /proc: Linux only. The configuration is not used yet (the same signature as the other areas).
 */
const REQUESTS = 1000;
const CONCURRENCY = 8;
const DEMO_USCC = '91210113QY90000778';
const root = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..');

type Sample = { serverMb: number; treeMb: number; peakMb: number };

export async function benchMemory(_config: Config): Promise<void> {
  if (!existsSync('/proc/self/status')) throw new Error('bench -- memory reads /proc: run it on Linux');
  const buildMs = await build();
  const tsxCli = join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const modes = [
    ['npm start (tsx)', [process.execPath, tsxCli, join(root, 'src', 'node.ts')]],
    ['node dist/node.js', [process.execPath, join(root, 'dist', 'node.js')]],
  ] as const;
  // A first start creates the database (PGlite's initdb alone peaks near 1 GB) and loads the demo; each
  // mode is then measured on a copy of that directory, as every later start runs.
  const demo = tempDir('bench-memory-demo-');
  try {
    const first = await measure(modes[1][1], demo.path, 0);
    console.log(
      `memory: npm run build took ${(buildMs / 1000).toFixed(1)} s; a first start on an empty data directory peaked at ` +
        `${first.loaded.peakMb.toFixed(0)} MB; then each mode on a copy of that directory, ${REQUESTS} × GET /api/v1/public/subjects/{uscc}, ${CONCURRENCY} at a time`,
    );
    console.log('| mode | after start: server / tree | after requests: server / tree | peak (server) |');
    console.log('|---|---|---|---|');
    for (const [label, argv] of modes) {
      const copy = tempDir('bench-memory-');
      try {
        cpSync(demo.path, copy.path, { recursive: true });
        const { started, loaded } = await measure(argv, copy.path, REQUESTS);
        const mb = (n: number) => `${n.toFixed(0)} MB`;
        console.log(
          `| ${label} | ${mb(started.serverMb)} / ${mb(started.treeMb)} | ${mb(loaded.serverMb)} / ${mb(loaded.treeMb)} | ${mb(loaded.peakMb)} |`,
        );
      } finally {
        copy.remove();
      }
    }
  } finally {
    demo.remove();
  }
}

async function build(): Promise<number> {
  const started = performance.now();
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  const child = spawn(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: 'inherit' });
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`npm run build failed (${code})`);
  return performance.now() - started;
}

async function measure(argv: readonly string[], dataDir: string, requests: number): Promise<{ started: Sample; loaded: Sample }> {
  const server = await startServer(argv.join(' '), argv, { DATA_DIR: dataDir });
  try {
    // The start-up jobs (the first frequent run, the daily sweep, the sync loop's first passes) settle first.
    await new Promise((r) => setTimeout(r, 3000));
    const started = sample(server.pid);
    let next = 0;
    const worker = async () => {
      while (next < requests) {
        next += 1;
        const res = await fetch(`${server.base}/api/v1/public/subjects/${DEMO_USCC}`);
        await res.arrayBuffer();
        if (res.status !== 200) throw new Error(`GET /api/v1/public/subjects/${DEMO_USCC} answered ${res.status}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
    await new Promise((r) => setTimeout(r, 1000));
    return { started, loaded: sample(server.pid) };
  } finally {
    await server.stop();
  }
}

/** The server is the tree's last process (tsx's CLI runs it as a child; the build runs as the process itself). */
function sample(pid: number): Sample {
  const tree = descendants(pid);
  const server = tree[tree.length - 1]!;
  const kb = (p: number, field: 'VmRSS' | 'VmHWM') => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status(p))?.[1] ?? 0);
  return {
    serverMb: kb(server, 'VmRSS') / 1024,
    treeMb: tree.reduce((sum, p) => sum + kb(p, 'VmRSS'), 0) / 1024,
    peakMb: kb(server, 'VmHWM') / 1024,
  };
}

const status = (pid: number) => {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return ''; // gone since the listing
  }
};

/** The process and its descendants, parents before children. */
function descendants(pid: number): number[] {
  const parents = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = Number(/^PPid:\s+(\d+)/m.exec(status(Number(entry)))?.[1]);
    parents.set(ppid, [...(parents.get(ppid) ?? []), Number(entry)]);
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) tree.push(...(parents.get(tree[i]!) ?? []));
  return tree;
}
