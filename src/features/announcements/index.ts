/**
 * The announcements feature's surface for other parts: the draw's randomness sources (built by deps),
 * the selection the ratings feature rates, and the job that selects announcements whose time has come.
 */

// The demo seed (src/seed/demo-market.ts) runs purchases through the same verbs as the API.
export { decideResult, fileContract, startService, uploadResult } from './contract.js';
export { cancelAnnouncement, createAnnouncement, publishAnnouncement } from './drafts.js';
export { confirmSelection, pickFromShortlist } from './publicity.js';
export { createDrawSources, type DrawSourceConfig, type DrawSources } from './randomness.js';
export { AnnouncementBody, type AnnouncementInput } from './schemas.js';
export { runSelection, selectDueAnnouncements } from './selection.js';
export { selectionForRating } from './selection-view.js';
export { signUp, submitBid } from './signups.js';
