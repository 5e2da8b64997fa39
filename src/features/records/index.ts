/**
 * Credit records' surface for other features: recording a fact inside another verb's transaction (a
 * broken commitment), the lifecycle changes other processes cause (repair, objection, sweep), who may
 * read records, and the consumer that turns justified arrears complaints into records.
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

// The console (src/web) offers only the steps the verbs would take, by the same rules.
export { allowedRecordActions, awaitsDisplayDecision, type RecordActions, type RecordFacts } from './allowed-actions.js';
export { recordsFromArrearsComplaints } from './from-arrears.js';
export { endExpiredDisplays, endForRepair, showAgainUntil, voidRecord } from './lifecycle.js';
export { assertCanReadRecordsOf, mayChangeRecord } from './policy.js';
export { listRecords } from './queue.js';
export { RecordListQuery } from './queue-schemas.js';
export {
  CorrectedFields,
  CorrectionBody,
  CreateRecordBody,
  type CreateRecordInput,
  ObligationsMetBody,
  PENALTY_TYPES,
  type RecordView,
  SECTORS,
  SEVERITIES,
} from './schemas.js';
export {
  correctRecord,
  correctRecordIn,
  createRecord,
  endHeldDisplay,
  getRecord,
  heldRecords,
  insertRecord,
  listCategories,
  recordObligationsMet,
  recordsOfSubject,
} from './service.js';
export type { Penalty } from './windows.js';
