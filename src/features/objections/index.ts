/**
 * Objections' surface: the recount of their deadlines when an official calendar year is loaded, and
 * filing one inside another verb's transaction (an objection the city platform reports back).
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

// The console (src/web) offers only the steps and the queue filters the verbs would take, by the same rules.
export { allowedObjectionSteps, type ObjectionStep } from './allowed-actions.js';
export { DECIDERS, FORWARDERS, QUEUE_STATES, type QueueState, queueStatesFor } from './policy.js';
export { objectionQueue } from './queue.js';
export { ObjectionQueueQuery } from './queue-schemas.js';
export { objectionDeadlineRecount } from './recount.js';
export { DecisionBody, ExtensionBody } from './schemas.js';
export { decide, extend, fileObjectionIn, forward, getObjection } from './service.js';
