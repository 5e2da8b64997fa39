import type { ListState } from '../../db/types.js';

/**
 * The list-entry lifecycle as data (domain §5). Each state names the actions it allows and where they
 * lead; anything else is a 409 naming the current state.
 */
export const ACTIONS = ['notify', 'statement', 'publish', 'withdraw', 'exit'] as const;
export type Action = (typeof ACTIONS)[number];

export const TRANSITIONS: Record<ListState, Partial<Record<Action, ListState>>> = {
  // proposed: a regulator proposed it; the subject has not been told yet.
  proposed: { notify: 'notified', withdraw: 'withdrawn' },
  // notified (告知): the 5-working-day statement window runs; the subject may state its case once;
  // a reviewer publishes after the window, or earlier once the subject has stated.
  notified: { statement: 'notified', publish: 'published', withdraw: 'withdrawn' },
  // published: public and restricting until it exits.
  published: { exit: 'exited' },
  // withdrawn and exited are final; the record of them is kept (记录留存).
  withdrawn: {},
  exited: {},
};

export const EXIT_REASONS = ['expired', 'repaired', 'objection_upheld', 'standard_changed', 'revoked'] as const;

/** Who may take each action: the listing department's regulators, reviewers, the subject itself. */
export const ACTORS: Record<Action, ('regulator' | 'reviewer' | 'admin' | 'subject')[]> = {
  notify: ['regulator', 'admin'],
  statement: ['subject'],
  publish: ['reviewer', 'admin'],
  withdraw: ['regulator', 'admin'],
  exit: ['regulator', 'reviewer', 'admin'],
};

export const STATEMENT_WINDOW_WORKDAYS = 5;
export const MAX_VALIDITY_YEARS = 3;
