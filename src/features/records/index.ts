/**
 * Credit records' surface for other features: recording a fact inside another verb's transaction (a
 * broken commitment), the lifecycle changes other processes cause (repair, objection, sweep), who may
 * read records, and the consumer that turns justified arrears complaints into records.
 */

export { recordsFromArrearsComplaints } from './from-arrears.js';
export { endExpiredDisplays, endForRepair, showAgainUntil, voidRecord } from './lifecycle.js';
export { assertCanReadRecordsOf } from './policy.js';
export { CorrectedFields, CreateRecordBody, type CreateRecordInput, type RecordView, SEVERITIES } from './schemas.js';
export { correctRecordIn, createRecord, insertRecord } from './service.js';
export type { Penalty } from './windows.js';
