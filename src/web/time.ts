import { dateInShanghai } from '../core/clock.js';

/**
 * Moments as the pages show and read them: Beijing time (Asia/Shanghai, as src/core/clock.ts counts
 * legal dates), to the minute. One helper each; the API's instants stay ISO strings.
 */

const shanghaiMinute = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

const instantOf = (iso: string): Date | null => {
  const at = new Date(iso);
  return Number.isNaN(at.getTime()) ? null : at;
};

/** An instant in Beijing time to the minute ("2026-11-27 10:00"); "—" for none, the text itself when it is no instant. */
export function beijingTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = instantOf(iso);
  return at ? `${dateInShanghai(at)} ${shanghaiMinute.format(at)}` : iso;
}

/** The calendar day in Beijing an instant falls on ("2026-11-27"), the day a deadline is counted to. */
export function beijingDay(iso: string | null | undefined): string {
  if (!iso) return '—';
  const at = instantOf(iso);
  return at ? dateInShanghai(at) : iso;
}

/** An instant as a datetime-local field's value in Beijing time ("2026-12-01T09:00"); empty for none. */
export function beijingInput(iso: string | null | undefined): string {
  return iso ? beijingTime(iso).replace(' ', 'T') : '';
}

/**
 * A datetime-local field's value (Beijing time) as the API's instant with +08:00; undefined when
 * nothing was typed, anything else passed on as typed for the API's schema to name.
 */
export function instantOfBeijingInput(value: string | undefined): string | undefined {
  if (value === undefined || value === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/.test(value)) return `${value}:00+08:00`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/.test(value)) return `${value}+08:00`;
  return value;
}
