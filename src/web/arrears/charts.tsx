/**
 * The dashboard's charts as server-rendered SVG: small pure functions from amounts (bigint fen, never
 * floats until the last step) to coordinates, and components that draw them. No style attributes (the
 * CSP forbids them): colours come from classes in the stylesheet.
 */

/** Coordinates are written with at most two decimals. */
const round = (n: number) => Math.round(n * 100) / 100;

/**
 * Lengths proportional to the values, the largest drawn at `span`. Negative values draw nothing, and
 * when nothing is positive every length is 0 (never a division by zero). The ratio is taken in bigint,
 * so amounts beyond 2^53 fen scale exactly.
 */
export function scale(values: readonly bigint[], span: number): number[] {
  const max = values.reduce((m, v) => (v > m ? v : m), 0n);
  if (max === 0n) return values.map(() => 0);
  const steps = BigInt(Math.round(span * 1000));
  return values.map((v) => (v > 0n ? Number((v * steps) / max) / 1000 : 0));
}

export type Rect = { x: number; y: number; width: number; height: number };

export type ColumnBox = { width: number; height: number; top: number; bottom: number; side: number };

/** Columns standing on a common baseline, one slot each, heights proportional to the values. */
export function columns(values: readonly bigint[], box: ColumnBox): Rect[] {
  const slot = values.length ? (box.width - 2 * box.side) / values.length : 0;
  const plot = box.height - box.top - box.bottom;
  const base = box.height - box.bottom;
  return scale(values, plot).map((h, i) => ({
    x: round(box.side + slot * i + slot * 0.2),
    y: round(base - h),
    width: round(slot * 0.6),
    height: round(h),
  }));
}

/** Parts of one whole laid end to end along `span`, each as long as its share of the sum. */
export function stack(values: readonly bigint[], span: number): { x: number; width: number }[] {
  const parts = values.map((v) => (v > 0n ? v : 0n));
  const total = parts.reduce((s, v) => s + v, 0n);
  let at = 0n;
  return parts.map((v) => {
    const x = total === 0n ? 0 : Number((at * BigInt(Math.round(span * 1000))) / total) / 1000;
    at += v;
    const end = total === 0n ? 0 : Number((at * BigInt(Math.round(span * 1000))) / total) / 1000;
    return { x: round(x), width: round(end - x) };
  });
}

/** A share as a percentage with one decimal, exact (truncated, never rounded up to 100%). */
export function percent(part: bigint, whole: bigint): string {
  if (whole <= 0n) return '—';
  const tenths = (part * 1000n) / whole;
  return `${tenths / 10n}.${tenths % 10n}%`;
}

export type Column = { key: string; label: string; value: bigint; valueLabel: string; note?: string };

const COLUMN_BOX: ColumnBox = { width: 720, height: 280, top: 34, bottom: 48, side: 10 };

/** A column chart with each value written above its column and its label below. */
export function ColumnChart({ id, title, desc, items }: { id: string; title: string; desc: string; items: Column[] }) {
  const box = COLUMN_BOX;
  const rects = columns(
    items.map((i) => i.value),
    box,
  );
  const base = box.height - box.bottom;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${box.width} ${box.height}`}
      role="img"
      aria-label={title}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      id={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      <line class="axis" x1={box.side} y1={base} x2={box.width - box.side} y2={base} stroke="#59636e" stroke-width="1" />
      {items.map((item, i) => {
        const r = rects[i]!;
        const middle = round(r.x + r.width / 2);
        return (
          <g>
            <rect
              class={`bar bar-${item.key}`}
              data-key={item.key}
              data-value={item.value.toString()}
              x={r.x}
              y={r.y}
              width={r.width}
              height={r.height}
              fill="#0b57d0"
            >
              <title>{`${item.label}：${item.valueLabel}${item.note ? `（${item.note}）` : ''}`}</title>
            </rect>
            <text class="value" x={middle} y={round(r.y - 6)} text-anchor="middle" font-size="12">
              {item.valueLabel}
            </text>
            <text class="label" x={middle} y={base + 18} text-anchor="middle" font-size="13">
              {item.label}
            </text>
            {item.note ? (
              <text class="note" x={middle} y={base + 36} text-anchor="middle" font-size="12">
                {item.note}
              </text>
            ) : null}
          </g>
        );
      })}
    </svg>
  );
}

export type Part = { key: string; label: string; value: bigint; valueLabel: string };
export type StackRow = { label: string; parts: Part[]; summary: string };

const STACK = { width: 720, labelWidth: 64, right: 10, barHeight: 26, rowHeight: 66, top: 10 };

/** Rows of one bar each, split into parts (e.g. cleared and outstanding), with a line of words under each. */
export function StackChart({ id, title, desc, rows }: { id: string; title: string; desc: string; rows: StackRow[] }) {
  const span = STACK.width - STACK.labelWidth - STACK.right;
  const height = STACK.top + rows.length * STACK.rowHeight;
  return (
    <svg
      class="chart"
      viewBox={`0 0 ${STACK.width} ${height}`}
      role="img"
      aria-label={title}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-desc`}
      id={id}
    >
      <title id={`${id}-title`}>{title}</title>
      <desc id={`${id}-desc`}>{desc}</desc>
      {rows.map((row, r) => {
        const y = STACK.top + r * STACK.rowHeight;
        const segments = stack(
          row.parts.map((p) => p.value),
          span,
        );
        const empty = segments.every((s) => s.width === 0);
        return (
          <g>
            <text class="label" x={0} y={y + STACK.barHeight / 2 + 5} font-size="13">
              {row.label}
            </text>
            {empty ? (
              <rect class="part part-empty" x={STACK.labelWidth} y={y} width={span} height={STACK.barHeight} fill="#eaeef2" />
            ) : (
              row.parts.map((p, i) => (
                <rect
                  class={`part part-${p.key}`}
                  data-key={p.key}
                  data-value={p.value.toString()}
                  x={round(STACK.labelWidth + segments[i]!.x)}
                  y={y}
                  width={segments[i]!.width}
                  height={STACK.barHeight}
                  fill="#0b57d0"
                >
                  <title>{`${row.label}，${p.label}：${p.valueLabel}`}</title>
                </rect>
              ))
            )}
            <text class="note" x={STACK.labelWidth} y={y + STACK.barHeight + 20} font-size="12">
              {row.summary}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
