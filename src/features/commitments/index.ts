/** Credit commitments' surface for other parts: the sweep's daily list of commitments past their validity, undecided. */
export { overdueCommitments } from './queue.js';
