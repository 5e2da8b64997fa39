import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';

/**
 * The load generator, run as a process of its own (so its work is not counted against the server it
 * loads, and the server's event loop is not shared with it): `load-runner.ts <spec.json>`. Prints one
 * JSON line, the outcome the benchmark reads.
 *
 * - `load`: autocannon for `durationS` seconds over `connections` connections, each request taking the
 *   next of `requests` in turn (many distinct codes, not one hot row);
 * - `download`: reads one URL to its end, `rounds` times one after the other (a streamed file).
 */
export type LoadSpec =
  | {
      kind: 'load';
      base: string;
      connections: number;
      durationS: number;
      requests: { path: string; headers?: Record<string, string> }[];
    }
  | { kind: 'download'; base: string; path: string; headers?: Record<string, string> };

export type LoadOutcome = { reqPerS: number; p50: number; p99: number; statuses: Record<string, number>; errors: number };
export type DownloadOutcome = { ms: number; bytes: number; lines: number; status: number };

async function load(spec: Extract<LoadSpec, { kind: 'load' }>): Promise<LoadOutcome> {
  let next = 0;
  const result = await autocannon({
    url: spec.base,
    connections: spec.connections,
    duration: spec.durationS,
    requests: [
      {
        method: 'GET',
        setupRequest: (request) => {
          const chosen = spec.requests[next++ % spec.requests.length]!;
          return { ...request, path: chosen.path, headers: { ...request.headers, ...chosen.headers } };
        },
      },
    ],
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([code, s]) => [code, s.count]));
  return {
    reqPerS: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    statuses,
    errors: result.errors + result.timeouts,
  };
}

async function download(spec: Extract<LoadSpec, { kind: 'download' }>): Promise<DownloadOutcome> {
  const started = performance.now();
  const res = await fetch(new URL(spec.path, spec.base), { headers: spec.headers });
  let bytes = 0;
  let lines = 0;
  if (res.body) {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      bytes += chunk.length;
      for (const byte of chunk) if (byte === 10) lines += 1;
    }
  }
  return { ms: performance.now() - started, bytes, lines, status: res.status };
}

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;
const outcome = spec.kind === 'load' ? await load(spec) : await download(spec);
console.log(JSON.stringify(outcome));
