import type { Actor } from '../../core/actor.js';
import type { IsoDate } from '../../lib/dates.js';
import { isRecordInEffect, type RecordEffectFacts } from '../credit-rules/index.js';
import { DECIDERS, mayApplyFor, mayDecide } from './policy.js';
import { isRepairableEntry, isRepairableKind } from './rules.js';
import { TRANSITIONS } from './service.js';

/**
 * The steps a repair allows a person, and what a subject may ask to repair, each rule defined once:
 * the verbs check them when asked, and these answer with them what may be offered at all (the console
 * shows a form only for those; the verb still checks each).
 */

/** The steps a person takes on a repair; reopening and reinstating come only from an upheld objection. */
export type RepairStep = 'accept' | 'refuse' | 'approve' | 'reject' | 'revoke';
const PERSON_STEPS: readonly RepairStep[] = ['accept', 'refuse', 'approve', 'reject', 'revoke'];

/**
 * The steps this actor may take on this repair: those its state allows (TRANSITIONS: accept or refuse
 * while applied, approve or reject while accepted, revoke once approved), to someone who decides it
 * (the deciding department's regulators, reviewers, admins). None of them waits for a day: a deadline
 * passed makes a step overdue, not barred.
 */
export function allowedRepairSteps(repair: { state: string; department: string }, actor: Actor): RepairStep[] {
  if (!DECIDERS.includes(actor.role) || !mayDecide(actor, repair)) return [];
  const moves = TRANSITIONS[repair.state as keyof typeof TRANSITIONS] ?? {};
  return PERSON_STEPS.filter((step) => step in moves);
}

/** What of a record (its view) an application for its repair depends on. */
export type RepairableRecordFacts = RecordEffectFacts & { subjectUscc: string; kind: string };
/** What of a list entry (its view) an application for its repair depends on. */
export type RepairableEntryFacts = { subjectUscc: string; state: string; list: string };

/**
 * What this actor may ask to repair today, of the records and entries given: its own dishonesty
 * records in effect and its own published black and watch entries, as applyForRepair requires before
 * it judges the dates (a record whose minimum display period has not passed is still offered; the
 * verb refuses it with the date it may be asked from).
 */
export function repairableTargets<R extends RepairableRecordFacts, E extends RepairableEntryFacts>(
  actor: Actor,
  of: { records: readonly R[]; entries: readonly E[] },
  today: IsoDate,
): { records: R[]; entries: E[] } {
  return {
    records: of.records.filter((r) => mayApplyFor(actor, r.subjectUscc) && isRepairableKind(r.kind) && isRecordInEffect(r, today)),
    entries: of.entries.filter((e) => mayApplyFor(actor, e.subjectUscc) && isRepairableEntry(e)),
  };
}
