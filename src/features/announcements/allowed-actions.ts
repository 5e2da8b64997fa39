import type { AnnouncementState } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { TRANSITIONS } from './machine.js';

/**
 * The owner's next steps on an announcement, and the rules of time they rest on, each defined once: the
 * verbs check these rules when asked (publish, cancel, select, confirm, start, decide a result, extend),
 * and ownerNextSteps answers with them which steps may be offered now and what must wait until when
 * (the console shows a form only for a step its verb would take). The state table decides the rest.
 */

type Instant = Date | string;
const ms = (t: Instant) => (typeof t === 'string' ? Date.parse(t) : t.getTime());

/** Sign-up runs until its deadline (exclusive); a draft whose deadline has passed is edited before it is published. */
export function signupOpenAt(signupDeadline: Instant, now: Date): boolean {
  return now.getTime() < ms(signupDeadline);
}

/** From its selection time an announcement may be selected (by the owner or the job). */
export function selectionTimeCome(selectionAt: Instant, now: Date): boolean {
  return now.getTime() >= ms(selectionAt);
}

/**
 * A draw is cancelled only before its selection time (from then its randomness may be public, and an
 * owner who could cancel could undo a draw it did not like); a direct selection has no draw. The state
 * table says until which state either may be cancelled at all.
 */
export function cancellableYet(a: { mode: string; selectionAt: Instant }, now: Date): boolean {
  return a.mode === 'direct' || !selectionTimeCome(a.selectionAt, now);
}

/** 结果公示: a result is confirmed only after its publicity window (through its last day). */
export function publicityOver(publicityEndsOn: IsoDate | null, today: IsoDate): boolean {
  return publicityEndsOn === null || today > publicityEndsOn;
}

/** The service is started on or after the contract's start day. */
export function serviceMayStart(startsOn: IsoDate, today: IsoDate): boolean {
  return today >= startsOn;
}

/** A contract is in force (and may be extended) while it is filed and the service has not completed. */
export function contractRunning(state: string): boolean {
  return state === 'under_contract' || state === 'in_service';
}

/** The owner decides a service result once the winner has uploaded it, while the service is in progress. */
export function resultAwaitsDecision(state: string, latestResultState: string): boolean {
  return state === 'in_service' && latestResultState === 'uploaded';
}

/** The owner's steps, named as the console's forms and the API's paths name them. */
export type OwnerAction =
  | 'publish'
  | 'cancel'
  | 'selection'
  | 'pick'
  | 'confirm'
  | 'contract'
  | 'extension'
  | 'start'
  | 'result-decision'
  | 'rating';

export type OwnerStep =
  | { key: 'edit' }
  | { key: Exclude<OwnerAction, 'pick' | 'result-decision' | 'rating'> }
  | { key: 'pick'; shortlist: { uscc: string; name: string }[] }
  | { key: 'result-decision'; document: string }
  | { key: 'rating'; lastDay: IsoDate };

/** Why nothing (or not everything) is offered now, with what the owner needs to know to wait. */
export type OwnerWait =
  | { why: 'signup_deadline_passed'; signupDeadline: string }
  | { why: 'selection_time'; signupOpen: boolean; signupDeadline: string; selectionAt: string }
  | { why: 'publicity'; publicityEndsOn: IsoDate }
  | { why: 'objections_open'; count: number }
  | { why: 'service_starts'; startsOn: IsoDate }
  | { why: 'result_returned' }
  | { why: 'result_awaited' }
  | { why: 'rated'; ratedOn: IsoDate }
  | { why: 'rating_closed'; lastDay: IsoDate }
  | { why: 'failed' }
  | { why: 'cancelled' }
  | { why: 'completed' };

/** What of the announcement (the owner's view), its selection and its rating the steps depend on. */
export type OwnerFacts = {
  announcement: { state: string; mode: string; signupDeadline: string; selectionAt: string };
  selection: {
    state: string;
    shortlist: string[];
    pool: { uscc: string; name: string }[];
    objections: { state: string }[];
    publicityEndsOn: IsoDate | null;
    contract: { startsOn: IsoDate } | null;
    results: { state: string; document: string }[];
  } | null;
  /** The rating window (the ratings feature's, counted by it): the rating given, its last day, and whether it is still open. */
  rating: { ratedOn: IsoDate | null; lastDay: IsoDate | null; periodOpen: boolean } | null;
};

export function ownerNextSteps(facts: OwnerFacts, now: Date, today: IsoDate): { offered: OwnerStep[]; waiting: OwnerWait[] } {
  const { announcement: a, selection: sel, rating } = facts;
  const moves = TRANSITIONS[a.state as AnnouncementState] ?? {};
  const can = (move: string) => move in moves;
  const offered: OwnerStep[] = [];
  const waiting: OwnerWait[] = [];

  if (a.state === 'draft') {
    offered.push({ key: 'edit' });
    if (signupOpenAt(a.signupDeadline, now)) offered.push({ key: 'publish' });
    else waiting.push({ why: 'signup_deadline_passed', signupDeadline: a.signupDeadline });
  }

  if (a.state === 'signing_up') {
    if (selectionTimeCome(a.selectionAt, now)) offered.push({ key: 'selection' });
    else
      waiting.push({
        why: 'selection_time',
        signupOpen: signupOpenAt(a.signupDeadline, now),
        signupDeadline: a.signupDeadline,
        selectionAt: a.selectionAt,
      });
  }
  if (a.state === 'selecting') offered.push({ key: 'selection' });

  if (a.state === 'selected' && sel) {
    if (sel.state === 'awaiting_pick') {
      const nameOf = (uscc: string) => sel.pool.find((p) => p.uscc === uscc)?.name ?? uscc;
      offered.push({ key: 'pick', shortlist: sel.shortlist.map((uscc) => ({ uscc, name: nameOf(uscc) })) });
    } else if (sel.state === 'publicised') {
      const open = sel.objections.filter((o) => o.state === 'filed');
      if (!publicityOver(sel.publicityEndsOn, today)) waiting.push({ why: 'publicity', publicityEndsOn: sel.publicityEndsOn! });
      else if (open.length) waiting.push({ why: 'objections_open', count: open.length });
      else offered.push({ key: 'confirm' });
    } else if (sel.state === 'confirmed' && can('file_contract')) offered.push({ key: 'contract' });
  }

  if (a.state === 'under_contract' && sel?.contract) {
    if (serviceMayStart(sel.contract.startsOn, today)) offered.push({ key: 'start' });
    else waiting.push({ why: 'service_starts', startsOn: sel.contract.startsOn });
  }
  if (a.state === 'in_service') {
    const latest = sel?.results.at(-1);
    if (latest && resultAwaitsDecision(a.state, latest.state)) offered.push({ key: 'result-decision', document: latest.document });
    else waiting.push({ why: latest?.state === 'returned' ? 'result_returned' : 'result_awaited' });
  }
  if (contractRunning(a.state) && sel?.contract) offered.push({ key: 'extension' });

  if (a.state === 'completed' && rating) {
    if (rating.ratedOn) waiting.push({ why: 'rated', ratedOn: rating.ratedOn });
    else if (rating.lastDay && rating.periodOpen) offered.push({ key: 'rating', lastDay: rating.lastDay });
    else if (rating.lastDay) waiting.push({ why: 'rating_closed', lastDay: rating.lastDay });
  }

  if (can('cancel') && cancellableYet(a, now)) offered.push({ key: 'cancel' });

  if (a.state === 'failed' || a.state === 'cancelled') waiting.push({ why: a.state });
  if (a.state === 'completed' && !rating) waiting.push({ why: 'completed' });
  return { offered, waiting };
}
