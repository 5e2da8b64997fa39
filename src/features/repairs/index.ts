/** Credit repair's surface: an upheld objection to a refusal or rejection reopens the repair. */

export { repairDeadlineRecount } from './recount.js';
export { reinstateRepair, reopenRepair } from './service.js';
