/** Credit repair's surface: an upheld objection undoes a repair decision (reopens a refusal, reverses a revocation); deadline recounts. */

export { repairDeadlineRecount } from './recount.js';
export { undoRepairDecision } from './service.js';
