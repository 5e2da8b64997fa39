/** Small timing helpers for the benchmarks (wall clock; run on a quiet machine, compare ratios). */
export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await fn();
  return { ms: performance.now() - start, value };
}

export function percentile(samples: number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(2)} ms`);

export function row(label: string, app: number, bare: number) {
  return `${label.padEnd(34)} app ${fmt(app).padStart(10)}   bare SQL ${fmt(bare).padStart(10)}   ratio ${(app / bare).toFixed(2)}`;
}

export function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** 12,345 (whole numbers with thousands separators, for rates). */
export const count = (n: number) => Math.round(n).toLocaleString('en');
