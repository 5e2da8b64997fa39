/**
 * Credit commitments' surface for other parts: the sweep's daily list of commitments past their validity,
 * undecided; the Chinese names of the 承诺类型 (the platform's exports and snapshot show them).
 */
export { overdueCommitments } from './queue.js';
export { COMMITMENT_TYPE_NAMES } from './schemas.js';
