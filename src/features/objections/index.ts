/** Objections' surface: the recount of their deadlines when an official calendar year is loaded. */
export { objectionDeadlineRecount } from './recount.js';
