import type { Actor } from '../../core/actor.js';
import type { ExitReason, ListState } from '../../db/types.js';
import type { IsoDate } from '../../lib/dates.js';
import { ACTIONS, type Action, TRANSITIONS } from './machine.js';
import { ACTORS, mayTouch } from './policy.js';

/**
 * The rules of an entry's next step that depend on its facts and the day, each defined once: the
 * transition verb checks them when asked, and allowedEntryActions answers with them which steps may be
 * offered at all (the console shows a form only for those; the verb still checks each).
 */

/** The statement window (陈述申辩期, 5 working days from notice) runs through its due day. */
export function statementWindowOpen(dueOn: IsoDate, today: IsoDate): boolean {
  return today <= dueOn;
}

/** A notified entry is published once its statement window has ended, or earlier once the subject has stated its case. */
export function publishableYet(entry: { statement: string | null; dueOn: IsoDate | null }, today: IsoDate): boolean {
  return entry.statement !== null || (entry.dueOn !== null && !statementWindowOpen(entry.dueOn, today));
}

/**
 * The exit reasons a person may give by hand today: a change of standard always; revoked for a red
 * entry; expired once the validity has ended. repaired and objection_upheld come only from an approved
 * repair or an upheld objection.
 */
export function exitReasonsByHand(entry: { list: string; validUntil: IsoDate }, today: IsoDate): ExitReason[] {
  return [
    'standard_changed',
    ...(entry.list === 'red' ? (['revoked'] as const) : []),
    ...(entry.validUntil < today ? (['expired'] as const) : []),
  ];
}

/** A black entry rests on at least one serious record in effect. */
export function mayRestBlackOn(records: { severity: string | null }[]): boolean {
  return records.some((r) => r.severity === 'serious');
}

/** What of an entry (its view) the allowed steps depend on. */
export type EntryFacts = {
  state: ListState;
  list: string;
  department: string;
  subjectUscc: string;
  validUntil: IsoDate;
  dueOn: IsoDate | null;
  statement: string | null;
};

/**
 * The steps this actor may take on this entry today: those its state allows (TRANSITIONS), that the
 * actor may take on this entry (ACTORS, and the entry is its department's, a supervisor's or its own
 * subject's), and whose time has come (publishing after the statement window or once the subject has
 * stated its case; a statement within the window, once; an exit with a reason one may give by hand).
 */
export function allowedEntryActions(entry: EntryFacts, actor: Actor, today: IsoDate): Action[] {
  if (!mayTouch(actor, { department: entry.department, uscc: entry.subjectUscc })) return [];
  const inTime = (action: Action): boolean => {
    switch (action) {
      case 'publish':
        return publishableYet(entry, today);
      case 'statement':
        return entry.statement === null && entry.dueOn !== null && statementWindowOpen(entry.dueOn, today);
      case 'exit':
        return exitReasonsByHand(entry, today).length > 0;
      default:
        return true;
    }
  };
  return (Object.keys(TRANSITIONS[entry.state]) as string[])
    .filter((a): a is Action => (ACTIONS as readonly string[]).includes(a))
    .filter((a) => ACTORS[a].includes(actor.role))
    .filter(inTime);
}
