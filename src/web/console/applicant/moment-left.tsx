import { daysBetween } from '../../../lib/dates.js';
import { beijingDay, beijingTime } from '../../time.js';

/** A moment that is a deadline: Beijing time, and the calendar days left to it (overdue marked), like DaysLeft. */
export function MomentLeft({ iso, today }: { iso: string; today: string }) {
  const left = daysBetween(today, beijingDay(iso));
  if (left < 0) return <span class="overdue">{`${beijingTime(iso)}（已过 ${-left} 天）`}</span>;
  return <span>{`${beijingTime(iso)}（${left === 0 ? '今天' : `剩 ${left} 天`}）`}</span>;
}
