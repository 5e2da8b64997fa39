import { fail } from '../../core/errors.js';
import type { AnnouncementState } from '../../db/types.js';

/**
 * The purchase announcement's lifecycle as data (domain §8). Each state names the moves it allows and
 * where they lead; anything else is a 409 naming the current state. Every move is written to
 * market.announcement_steps with who made it and when.
 */
export type Move =
  | 'publish'
  | 'open_signup'
  | 'begin_selection'
  | 'select'
  | 'fail'
  | 'file_contract'
  | 'start_service'
  | 'complete'
  | 'cancel';

export const TRANSITIONS: Record<AnnouncementState, Partial<Record<Move, AnnouncementState>>> = {
  // draft: only its owner sees it; edited freely, then published or cancelled (a cancelled draft stays the owner's alone).
  draft: { publish: 'published', cancel: 'cancelled' },
  // published: the commitment (rule hash, randomness source) is public. Sign-up opens in the same
  // transaction (open_signup), so this state is passed through and never rests.
  published: { open_signup: 'signing_up', cancel: 'cancelled' },
  // signing_up: agencies sign up (and bid) until the deadline; at or after the selection time the owner
  // or the job begins the selection (a direct announcement is selected straight from here).
  signing_up: { begin_selection: 'selecting', select: 'selected', cancel: 'cancelled' },
  // selecting: the pool is fixed (on entering) and the randomness awaited (a drand round not out yet keeps it here).
  selecting: { select: 'selected', fail: 'failed' },
  // selected: the result is publicised (结果公示) and confirmed; every candidate dropping out fails it.
  selected: { file_contract: 'under_contract', fail: 'failed' },
  // under_contract: 合同备案 filed; the owner starts the service.
  under_contract: { start_service: 'in_service' },
  // in_service: the agency uploads its result; the owner's confirmation completes the announcement.
  in_service: { complete: 'completed' },
  completed: {},
  failed: {},
  cancelled: {},
};

/** Where a move leads from a state, or a 409 naming the state and the moves it allows. */
export function nextState(state: AnnouncementState, move: Move): AnnouncementState {
  const to = TRANSITIONS[state][move];
  if (!to) {
    const allowed = Object.keys(TRANSITIONS[state]);
    throw fail.transition(
      `cannot ${move.replace('_', ' ')} an announcement that is ${state} (allowed: ${allowed.join(', ') || 'none'})`,
      state,
    );
  }
  return to;
}

/** States a public announcement can be in (everything but a draft; a cancelled one only if it was published first: isPublic). */
export const PUBLIC_STATES: AnnouncementState[] = [
  'published',
  'signing_up',
  'selecting',
  'selected',
  'under_contract',
  'in_service',
  'completed',
  'failed',
  'cancelled',
];

/** 结果公示: objections may be filed until this many working days after the selection day. */
export const PUBLICITY_WORKDAYS = 3;
