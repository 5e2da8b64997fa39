import { arrearsDeadlineRecount } from '../features/arrears/index.js';
import type { DeadlineRecount } from '../features/calendar/index.js';
import { listDeadlineRecount } from '../features/lists/index.js';
import { objectionDeadlineRecount } from '../features/objections/index.js';
import { repairDeadlineRecount } from '../features/repairs/index.js';

/**
 * Every feature's deadlines recounted when an admin loads the official working-day table of a year
 * that was counted on its provisional table (domain §7), listed once. PUT /api/v1/calendar/{year} runs
 * them in the transaction that loads the table. A feature that stores deadlines counted on the
 * calendar adds its hook here (see DeadlineRecount in the calendar feature).
 */
export const DEADLINE_RECOUNTS: DeadlineRecount[] = [
  arrearsDeadlineRecount,
  listDeadlineRecount,
  objectionDeadlineRecount,
  repairDeadlineRecount,
];
