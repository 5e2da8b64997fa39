/**
 * The arrears ledger's surface for the entry points (seed, benchmarks, CLI, jobs). It stands on its own:
 * it imports no credit feature, and tells the credit side of a justified complaint only through the
 * outbox (event `arrears.complaint_justified`).
 */
export { addLpr, createBody, createContract, createContractor, listContracts } from './contracts.js';
export { recordEvent } from './events.js';
export { READERS, SUPERVISORS } from './policy.js';
export { post } from './postings.js';
export { arrearsDeadlineRecount } from './recount.js';
export { reopenRefusedAnswers } from './refusals.js';
export { aging, openOverdueTasks, progress } from './reports.js';
export { listTasks } from './tracking.js';
export { verifyLedger } from './verify.js';
export { contractDetail, contractEntries, contractInterest, ledgerTotals } from './views.js';
