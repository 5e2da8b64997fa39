import type { Child } from 'hono/jsx';
import { daysBetween } from '../lib/dates.js';

/** A wide table that scrolls sideways on a phone instead of breaking the page. */
export function Table({ caption, children }: { caption?: string; children: Child }) {
  return (
    <div class="table-wrap">
      <table>
        {caption ? <caption class="muted small">{caption}</caption> : null}
        {children}
      </table>
    </div>
  );
}

export function Badge({ tone, children }: { tone?: 'red' | 'green' | 'amber' | 'blue'; children: Child }) {
  return <span class={tone ? `badge ${tone}` : 'badge'}>{children}</span>;
}

export function Notice({ tone, children }: { tone?: 'error' | 'ok'; children: Child }) {
  return (
    <div class={tone ? `notice ${tone}` : 'notice'} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** Label and value pairs. */
export function Facts({ items }: { items: [string, Child][] }) {
  return (
    <dl class="facts">
      {items.map(([label, value]) => (
        <>
          <dt>{label}</dt>
          <dd>{value ?? '—'}</dd>
        </>
      ))}
    </dl>
  );
}

/**
 * Keyset pages: a link to the next page (the API's nextCursor) and back to the first. The other query
 * parameters (filters, sort) are kept.
 */
export function Pager({ url, nextCursor }: { url: string; nextCursor: string | null }) {
  const here = new URL(url);
  const first = new URL(here);
  first.searchParams.delete('cursor');
  const next = new URL(here);
  if (nextCursor) next.searchParams.set('cursor', nextCursor);
  const onFirst = !here.searchParams.has('cursor');
  if (onFirst && !nextCursor) return null;
  return (
    <nav class="pager" aria-label="分页">
      {onFirst ? null : <a href={`${first.pathname}${first.search}`}>回到第一页</a>}
      {nextCursor ? (
        <a href={`${next.pathname}${next.search}`} rel="next">
          下一页
        </a>
      ) : (
        <span class="muted">已是最后一页</span>
      )}
    </nav>
  );
}

/** Days left until a legal deadline, counted in calendar days from today; overdue is marked. */
export function DaysLeft({ dueOn, today }: { dueOn: string | null | undefined; today: string }) {
  if (!dueOn) return <span class="muted">—</span>;
  const left = daysBetween(today, dueOn);
  if (left < 0)
    return (
      <span class="overdue">
        {dueOn}（已逾期 {-left} 天）
      </span>
    );
  return (
    <span>
      {dueOn}（{left === 0 ? '今天到期' : `剩 ${left} 天`}）
    </span>
  );
}

/** An empty list says so rather than showing a bare table head. */
export function Empty({ children }: { children: Child }) {
  return <p class="muted">{children}</p>;
}
