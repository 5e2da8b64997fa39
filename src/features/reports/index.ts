/**
 * The reports feature's surface for other parts: how many reports about each agency were verified
 * since a day. (The 中介 scheme's social part, features/agencies/scoring.ts, reads the verified reports
 * itself, since each deduction line names its day.)
 */
export { verifiedComplaints } from './complaints.js';
// The report pages (src/web/market) follow a report by its tracking number through the same verb as the API.
export { trackReport } from './queries.js';
// The demo seed (src/seed/demo-market.ts) files and decides reports through the same verbs as the API.
export { ReportBody, TRACKING_NO } from './schemas.js';
export { decideReport, fileReport } from './service.js';
