/**
 * The arrears ledger's surface for the entry points (seed, benchmarks, CLI, jobs). It stands on its own:
 * it imports no credit feature, and tells the credit side of a justified complaint only through the
 * outbox (event `arrears.complaint_justified`).
 */
export { addLpr, createBody, createContract, createContractor } from './contracts.js';
export { recordEvent } from './events.js';
export { post } from './postings.js';
export { arrearsDeadlineRecount } from './recount.js';
export { reopenRefusedAnswers } from './refusals.js';
export { aging, openOverdueTasks } from './reports.js';
export { verifyLedger } from './verify.js';
