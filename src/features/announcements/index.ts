/**
 * The announcements feature's surface for other parts: the draw's randomness sources (built by deps),
 * the selection the ratings feature rates, and the job that selects announcements whose time has come.
 */

// The applicant's console offers only the steps the verbs would take, by the same rules.
export { type OwnerAction, type OwnerStep, type OwnerWait, ownerNextSteps } from './allowed-actions.js';
// The demo seed (src/seed/demo-market.ts) runs purchases through the same verbs as the API.
export { decideResult, extendContract, fileContract, startService, uploadResult } from './contract.js';
// The applicant's console (src/web/console) manages its own announcements through the same verbs and contract as the API.
export { cancelAnnouncement, createAnnouncement, editDraft, publishAnnouncement } from './drafts.js';
// The 中介超市 pages (src/web/market) read announcements and selections through the same verbs as the API.
export { PUBLIC_STATES } from './machine.js';
export { authorizeOwner } from './policy.js';
export { confirmSelection, pickFromShortlist } from './publicity.js';
export { createDrawSources, type DrawSourceConfig, type DrawSources } from './randomness.js';
export { getAnnouncement, listAnnouncements, listOwnAnnouncements } from './reads.js';
export {
  AnnouncementBody,
  type AnnouncementInput,
  CancelBody,
  ContractBody,
  ExtensionBody,
  MODES,
  PickBody,
  ResultDecisionBody,
} from './schemas.js';
export { runSelection, selectDueAnnouncements } from './selection.js';
export { selectionForRating, selectionProof, selectionView } from './selection-view.js';
export { signUp, submitBid } from './signups.js';
