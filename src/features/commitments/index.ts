/**
 * Credit commitments' surface for other parts: the sweep's daily list of commitments past their validity,
 * undecided; the Chinese names of the 承诺类型 (the platform's exports and snapshot show them).
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

export { getCommitment, listCommitments, overdueCommitments } from './queue.js';
export { CommitmentListQuery } from './queue-schemas.js';
export { COMMITMENT_TYPE_NAMES, COMMITMENT_TYPES, CreateCommitmentBody, FulfilmentBody } from './schemas.js';
export { createCommitment, decideFulfilment } from './service.js';
