/**
 * Objections' surface: the recount of their deadlines when an official calendar year is loaded, and
 * filing one inside another verb's transaction (an objection the city platform reports back).
 */
export { objectionDeadlineRecount } from './recount.js';
export { fileObjectionIn } from './service.js';
