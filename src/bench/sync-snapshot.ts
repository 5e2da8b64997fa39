import type { App } from '../app.js';
import { fmt } from './stats.js';

/**
 * The snapshot of everything public, streamed through the API and read to its end: time, and the
 * process's memory as the rows go by (at each quarter of the stream). Flat memory from the first
 * quarter to the last is what "streamed" means; a buffered answer grows with the count.
 */
export async function benchSnapshot(app: App, headers: Record<string, string>) {
  // The first pass learns the count (its summary line); the second places the quarter marks by it.
  const first = await readSnapshot(app, headers, 0);
  console.log(
    `snapshot of everything public: ${first.summary.count.toLocaleString('en')} rows in ${fmt(first.ms)}, ` +
      `${Math.round((first.summary.count * 1000) / first.ms).toLocaleString('en')} rows/s (sha256 ${first.summary.sha256.slice(0, 16)}…)`,
  );
  const second = await readSnapshot(app, headers, first.summary.count);
  for (const mark of second.marks) console.log(mark);
  console.log(
    `  peak rss ${(second.peakRss / 2 ** 20).toFixed(0)} MB (before the stream: ${(second.baselineRss / 2 ** 20).toFixed(0)} MB)`,
  );
}

async function readSnapshot(app: App, headers: Record<string, string>, expected: number) {
  const started = performance.now();
  const res = await app.request('/api/v1/sync/snapshot', { headers });
  if (res.status !== 200 || !res.body) throw new Error(`the snapshot answered ${res.status}: ${await res.text()}`);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let lines = 0;
  let tail = '';
  let last = '';
  let nextMark = 1;
  const marks: string[] = [];
  const baselineRss = process.memoryUsage().rss;
  let peakRss = baselineRss;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const parts = (tail + decoder.decode(value, { stream: true })).split('\n');
    tail = parts.pop() ?? '';
    if (parts.length) last = parts[parts.length - 1]!;
    lines += parts.length;
    const mem = process.memoryUsage();
    peakRss = Math.max(peakRss, mem.rss);
    while (expected > 0 && nextMark <= 4 && lines >= (nextMark * expected) / 4) {
      marks.push(
        `  ${String(nextMark * 25).padStart(3)}%  ${lines.toLocaleString('en').padStart(10)} rows  ${fmt(performance.now() - started).padStart(10)}` +
          `   heap ${(mem.heapUsed / 2 ** 20).toFixed(0).padStart(5)} MB   rss ${(mem.rss / 2 ** 20).toFixed(0).padStart(5)} MB`,
      );
      nextMark += 1;
    }
  }
  const summary = JSON.parse(last) as { count: number; sha256: string };
  return { ms: performance.now() - started, summary, marks, peakRss, baselineRss };
}
