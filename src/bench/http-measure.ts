import type { Config } from '../config.js';
import type { LoadOutcome } from './load-runner.js';
import { runLoad, type Server } from './processes.js';
import { count, median } from './stats.js';

/**
 * One HTTP figure beside its floor, measured the same way in the same run: a warm-up of each, then
 * rounds alternating floor and app (so a noisy moment of the machine falls on both), each round
 * autocannon in its own process over many distinct requests; the medians of the rounds are reported.
 */
export type Req = { path: string; headers?: Record<string, string> };
export type Endpoint = {
  name: string;
  label: string;
  app: Req[];
  floor: Req[];
  /** The status every answer must have (200, or 304 for a revalidation). */
  status: number;
  /** The issue's targets: app req/s ≥ reqRatio × the floor's, app p99 ≤ p99Ratio × the floor's. */
  target?: { reqRatio?: number; p99Ratio?: number; reqPerS?: number };
};
type Side = { reqPerS: number; p50: number; p99: number; rounds: number[] };
export type Measured = { endpoint: Endpoint; floor: Side; app: Side; problems: string[] };

const side = (outcomes: LoadOutcome[]): Side => ({
  reqPerS: median(outcomes.map((o) => o.reqPerS)),
  p50: median(outcomes.map((o) => o.p50)),
  p99: median(outcomes.map((o) => o.p99)),
  rounds: outcomes.map((o) => o.reqPerS),
});

/** Refuses to measure an endpoint whose first answer is not the expected one (a 401 is fast, and wrong). */
export async function preflight(server: Server, reqs: Req[], status: number) {
  const res = await fetch(`${server.base}${reqs[0]!.path}`, { headers: reqs[0]!.headers });
  const body = await res.text();
  if (res.status !== status)
    throw new Error(`${server.name} ${reqs[0]!.path} answered ${res.status}, not ${status}: ${body.slice(0, 300)}`);
}

export async function measure(endpoint: Endpoint, floor: Server, app: Server, config: Config): Promise<Measured> {
  await preflight(floor, endpoint.floor, endpoint.status);
  await preflight(app, endpoint.app, endpoint.status);
  const run = (server: Server, requests: Req[], durationS: number) =>
    runLoad({ kind: 'load', base: server.base, connections: config.BENCH_HTTP_CONNECTIONS, durationS, requests });
  if (config.BENCH_HTTP_WARMUP_S > 0) {
    await run(floor, endpoint.floor, config.BENCH_HTTP_WARMUP_S);
    await run(app, endpoint.app, config.BENCH_HTTP_WARMUP_S);
  }
  const floorRuns: LoadOutcome[] = [];
  const appRuns: LoadOutcome[] = [];
  for (let round = 0; round < config.BENCH_HTTP_ROUNDS; round++) {
    floorRuns.push(await run(floor, endpoint.floor, config.BENCH_HTTP_DURATION_S));
    appRuns.push(await run(app, endpoint.app, config.BENCH_HTTP_DURATION_S));
  }
  const problems: string[] = [];
  for (const [who, runs] of [
    ['floor', floorRuns],
    ['app', appRuns],
  ] as const) {
    const statuses: Record<string, number> = {};
    let errors = 0;
    for (const r of runs) {
      errors += r.errors;
      for (const [code, n] of Object.entries(r.statuses)) statuses[code] = (statuses[code] ?? 0) + n;
    }
    const wrong = Object.entries(statuses).filter(([code]) => Number(code) !== endpoint.status);
    if (wrong.length || errors)
      problems.push(`${who}: ${wrong.map(([c, n]) => `${n} × ${c}`).join(', ')}${errors ? ` ${errors} errors/timeouts` : ''}`);
  }
  return { endpoint, floor: side(floorRuns), app: side(appRuns), problems };
}

const ms = (v: number) => `${v.toFixed(v < 10 ? 1 : 0)} ms`;
const ratio = (v: number) => v.toFixed(2);

/** The first column's width: the longest label. */
export const LABEL = 40;

export const HEADER = `${'endpoint'.padEnd(LABEL)}${'floor req/s'.padStart(12)}${'app req/s'.padStart(11)}${'ratio'.padStart(7)}  │${'floor p50'.padStart(10)}${'app p50'.padStart(9)}  │${'floor p99'.padStart(10)}${'app p99'.padStart(9)}${'ratio'.padStart(7)}  │ target`;

export function report(m: Measured): string {
  const { floor, app, endpoint } = m;
  const reqRatio = app.reqPerS / floor.reqPerS;
  const p99Ratio = app.p99 / floor.p99;
  const t = endpoint.target;
  const targets: string[] = [];
  if (t?.reqRatio) targets.push(`≥ ${t.reqRatio}× ${reqRatio >= t.reqRatio ? 'met' : 'NOT met'}`);
  if (t?.p99Ratio) targets.push(`p99 ≤ ${t.p99Ratio}× ${p99Ratio <= t.p99Ratio ? 'met' : 'NOT met'}`);
  if (t?.reqPerS) targets.push(`≥ ${count(t.reqPerS)} req/s ${app.reqPerS >= t.reqPerS ? 'met' : 'NOT met'}`);
  const lines = [
    `${endpoint.label.padEnd(LABEL)}${count(floor.reqPerS).padStart(12)}${count(app.reqPerS).padStart(11)}${ratio(reqRatio).padStart(7)}  │` +
      `${ms(floor.p50).padStart(10)}${ms(app.p50).padStart(9)}  │${ms(floor.p99).padStart(10)}${ms(app.p99).padStart(9)}${ratio(p99Ratio).padStart(7)}  │ ${targets.join(', ')}`,
    `${''.padEnd(4)}rounds req/s: floor ${floor.rounds.map(count).join(' / ')}; app ${app.rounds.map(count).join(' / ')}`,
  ];
  for (const p of m.problems) lines.push(`    !! unexpected answers, figures not comparable: ${p}`);
  return lines.join('\n');
}
