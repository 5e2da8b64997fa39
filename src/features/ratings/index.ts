/**
 * The ratings feature's surface for other parts: each agency's rating summary with exact averages
 * (the directory and the profile show it), and the rating verb the demo seed uses.
 */
export type { RatingSummary } from './averages.js';
// The applicant's console (src/web/console) shows and gives its rating through the same verbs as the API.
export { selectionRating } from './owner-reads.js';
// The agency page (src/web/market) lists the published ratings through the same verb as the API.
export { listAgencyRatings } from './queries.js';
export { ratingSummary } from './repo.js';
// The demo seed (src/seed/demo-market.ts) rates through the same verb as the API.
export { RatingBody } from './schemas.js';
export { giveRating, RATING_PERIOD_DAYS, ratingPeriodOpen } from './service.js';
