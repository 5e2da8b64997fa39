/**
 * The red/black/watch lists' surface for other features: the changes their verbs cause to entries
 * (a serious record revokes red entries, a repair or an objection ends black ones, the sweep expires
 * them) and lookups. Every change goes through the entry's state table with its audit row and event.
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

// The console (src/web) offers only the steps the verbs would take, by the same rules.
export {
  allowedEntryActions,
  type EntryFacts,
  exitReasonsByHand,
  mayRestBlackOn,
  statementWindowOpen,
} from './allowed-actions.js';
export { ACTIONS, type Action, MAX_VALIDITY_YEARS } from './machine.js';
export {
  exitEntriesClearedBy,
  exitRepairedEntry,
  reinstateEntriesClearedBy,
  reinstateRepairedEntry,
  revokeRedEntries,
  voidEntry,
} from './moves.js';
export { listEntries } from './queue.js';
export { EntryListQuery } from './queue-schemas.js';
export { listDeadlineRecount } from './recount.js';
export { ProposeBody, TransitionBody } from './schemas.js';
export { exitExpiredEntries, findEntry, getEntry, proposeEntry, transition } from './service.js';
