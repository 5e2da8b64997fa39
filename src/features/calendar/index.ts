/**
 * The working-day calendar: reference data shared by the credit side and the arrears ledger (it is not
 * a credit feature). Deadlines in 工作日 and in 日 (第203条) are counted here for both, on the official
 * table of a year or, until it is loaded, its provisional table (domain §7): `countWorkdays`/`countDays`
 * and `provisional(from, dueOn)` say when an answer rests on one. Loading an official table runs the
 * recount hooks (`DeadlineRecount`, listed in src/jobs/recounts.ts).
 */
export {
  addWorkdaysFrom,
  type CalendarChange,
  type Counted,
  type DeadlineRecount,
  type Deadlines,
  deadlines,
  laterStands,
  type ReadAt,
  type RecountedDeadline,
  readAt,
} from './service.js';
