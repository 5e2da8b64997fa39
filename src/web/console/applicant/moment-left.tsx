import { daysBetween } from '../../../lib/dates.js';
import { dayOf, moment } from './text.js';

/** A moment that is a deadline: Beijing time, and the calendar days left to it (overdue marked), like DaysLeft. */
export function MomentLeft({ iso, today }: { iso: string; today: string }) {
  const left = daysBetween(today, dayOf(iso));
  if (left < 0) return <span class="overdue">{`${moment(iso)}（已过 ${-left} 天）`}</span>;
  return <span>{`${moment(iso)}（${left === 0 ? '今天' : `剩 ${left} 天`}）`}</span>;
}
