/**
 * The red/black/watch lists' surface for other features: the changes their verbs cause to entries
 * (a serious record revokes red entries, a repair or an objection ends black ones, the sweep expires
 * them) and lookups. Every change goes through the entry's state table with its audit row and event.
 */
export {
  exitEntriesClearedBy,
  exitRepairedEntry,
  reinstateEntriesClearedBy,
  reinstateRepairedEntry,
  revokeRedEntries,
  voidEntry,
} from './moves.js';
export { listDeadlineRecount } from './recount.js';
export { exitExpiredEntries, findEntry, proposeEntry, transition } from './service.js';
