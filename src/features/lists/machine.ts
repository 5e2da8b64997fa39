import { fail } from '../../core/errors.js';
import type { ListState } from '../../db/types.js';

/**
 * The list-entry lifecycle as data (domain §5). Each state names the actions it allows and where they
 * lead; anything else is a 409 naming the current state.
 */
export const ACTIONS = ['notify', 'statement', 'publish', 'withdraw', 'exit'] as const;
export type Action = (typeof ACTIONS)[number];
/** Moves the registry makes itself, never asked for through the transitions endpoint. */
export type Move = Action | 'reinstate';

export const TRANSITIONS: Record<ListState, Partial<Record<Move, ListState>>> = {
  // proposed: a regulator proposed it; the subject has not been told yet.
  proposed: { notify: 'notified', withdraw: 'withdrawn' },
  // notified (告知): the 5-working-day statement window runs; the subject may state its case once;
  // a reviewer publishes after the window, or earlier once the subject has stated.
  notified: { statement: 'notified', publish: 'published', withdraw: 'withdrawn' },
  // published: public and restricting until it exits.
  published: { exit: 'exited' },
  // withdrawn is final; the record of it is kept (记录留存).
  withdrawn: {},
  // exited is final too, but for one move of the registry's own: an exit as repaired is undone when
  // that repair is revoked for false materials (the entry is listed again, within its validity).
  exited: { reinstate: 'published' },
};

export const EXIT_REASONS = ['expired', 'repaired', 'objection_upheld', 'standard_changed', 'revoked'] as const;

/** The event each action emits (past tense). */
export const EVENT_OF = {
  notify: 'list_entry.notified',
  statement: 'list_entry.statement_made',
  publish: 'list_entry.published',
  withdraw: 'list_entry.withdrawn',
  exit: 'list_entry.exited',
  reinstate: 'list_entry.reinstated',
} as const satisfies Record<Move, string>;

export const STATEMENT_WINDOW_WORKDAYS = 5;
export const MAX_VALIDITY_YEARS = 3;

/** Where an action leads from a state, or a 409 naming the state and what it allows. */
export function nextState(state: ListState, action: Move): ListState {
  const to = TRANSITIONS[state][action];
  if (!to) {
    const allowed = Object.keys(TRANSITIONS[state]).filter((a) => (ACTIONS as readonly string[]).includes(a));
    throw fail.transition(`cannot ${action} an entry that is ${state} (allowed: ${allowed.join(', ') || 'none'})`, state);
  }
  return to;
}
