/** Credit repair's surface: an upheld objection to a refusal or rejection reopens the repair. */
export { reopenRepair } from './service.js';
