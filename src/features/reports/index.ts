/**
 * The reports feature's surface for other parts: how many reports about each agency were verified
 * since a day (the 中介 scheme's social part deducts for them).
 */
export { COMPLAINTS_FOR_SUSPENSION, complaintYearFrom, verifiedComplaints } from './complaints.js';
// The demo seed (src/seed/demo-market.ts) files and decides reports through the same verbs as the API.
export { ReportBody } from './schemas.js';
export { decideReport, fileReport } from './service.js';
