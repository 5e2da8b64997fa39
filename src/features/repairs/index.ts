/**
 * Credit repair's surface: an upheld objection undoes a repair decision (reopens a refusal, reverses a revocation); deadline recounts.
 * The console pages (src/web) call the same verbs with the API's own schemas.
 */

// The console (src/web) offers only the steps and the targets the verbs would take, by the same rules.
export {
  allowedRepairSteps,
  type RepairableEntryFacts,
  type RepairableRecordFacts,
  type RepairStep,
  repairableTargets,
} from './allowed-actions.js';
export { DECIDERS as REPAIR_DECIDERS } from './policy.js';
export { repairQueue } from './queue.js';
export { RepairQueueQuery } from './queue-schemas.js';
export { repairDeadlineRecount } from './recount.js';
export { AcceptanceBody, ApplyBody, DecisionBody as RepairDecisionBody, RevocationBody } from './schemas.js';
export {
  applyForRepair,
  decideAcceptance,
  decideRepair,
  getRepair,
  revokeRepair,
  TRANSITIONS as REPAIR_TRANSITIONS,
  undoRepairDecision,
} from './service.js';
