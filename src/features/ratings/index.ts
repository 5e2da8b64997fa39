/**
 * The ratings feature's surface for other parts: each agency's rating summary with exact averages
 * (the directory and the profile show it), and the rating verb the demo seed uses.
 */
export type { RatingSummary } from './averages.js';
export { ratingSummary } from './repo.js';
// The demo seed (src/seed/demo-market.ts) rates through the same verb as the API.
export { RatingBody } from './schemas.js';
export { giveRating } from './service.js';
