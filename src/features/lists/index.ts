/**
 * The red/black/watch lists' surface for other features: the changes their verbs cause to entries
 * (a serious record revokes red entries, a repair or an objection ends black ones, the sweep expires
 * them) and lookups. Every change goes through the entry's state table with its audit row and event.
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

export { ACTIONS, type Action, MAX_VALIDITY_YEARS, TRANSITIONS } from './machine.js';
export {
  exitEntriesClearedBy,
  exitRepairedEntry,
  reinstateEntriesClearedBy,
  reinstateRepairedEntry,
  revokeRedEntries,
  voidEntry,
} from './moves.js';
export { ACTORS } from './policy.js';
export { listEntries } from './queue.js';
export { EntryListQuery } from './queue-schemas.js';
export { listDeadlineRecount } from './recount.js';
export { ProposeBody, TransitionBody } from './schemas.js';
export { exitExpiredEntries, findEntry, getEntry, proposeEntry, transition } from './service.js';
