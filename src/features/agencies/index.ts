/**
 * The agencies feature's surface for other parts of the 中介超市: who an agency is, which service codes
 * the catalogue knows, whether it may be chosen on a day (against an announcement's criteria, or in
 * general), its live 中介 score, and the suspension verb the reports feature calls after three
 * verified complaints.
 */

// The demo seed (src/seed/demo-market.ts) applies, admits and suspends through the same verbs as the API.
export { decideAdmission } from './admission.js';
// The 中介超市 pages (src/web/market) read the directory and profiles through the same verbs as the API.
export { directory } from './directory.js';
export { judgeAgencies } from './eligibility.js';
export { applyForAdmission } from './profile.js';
export { findAgency, knownServices, listServices } from './profile-repo.js';
export { publicOffersOf } from './public-offers.js';
export { agencyProfile } from './public-profile.js';
export { DirectoryQuery } from './response-schemas.js';
export { ApplyBody, type ApplyInput } from './schemas.js';
export { AGENCY_GRADES } from './scheme.js';
export { refreshAllScores, refreshTouchedScores } from './score-cache.js';
export { agencyScores } from './scoring.js';
export { suspendAgency, suspendByRequest } from './suspension.js';
export type { AgencyRef, AgencyScore, Criteria, Exclusion, ExclusionCode, Judgement } from './types.js';
export { EXCLUSION_CODES } from './types.js';
