import type { Actor, Ctx } from '../../core/actor.js';
import { isOwnDepartment } from '../../core/policy.js';
import type { IsoDate } from '../../lib/dates.js';
import { isRecordInEffect, type RecordEffectFacts } from '../credit-rules/index.js';
import { mayRestBlackOn } from '../lists/index.js';
import { mayChangeRecord } from './policy.js';

/**
 * The steps a record allows a person, each rule defined once: the verbs check them when asked, and
 * allowedRecordActions answers with them which steps may be offered (the console shows only those).
 */

/**
 * A record held past its display period because its obligations are unmet, with no person's decision
 * yet (domain §3): it waits for the deciding department to end its display (endHeldDisplay).
 */
export function awaitsDisplayDecision(
  r: { obligationsUnmet: boolean; endReason: string | null; voidedOn: IsoDate | null; shownUntil: IsoDate },
  today: IsoDate,
): boolean {
  return r.obligationsUnmet && r.endReason === null && r.voidedOn === null && r.shownUntil < today;
}

/** What of a record (its view) the allowed steps depend on. */
export type RecordFacts = RecordEffectFacts & { department: string; kind: string; severity: string | null };

export type RecordActions = {
  /** The lists an entry resting on this record may be proposed for (by its own department, while it is in effect). */
  propose: ('black' | 'watch')[];
  correct: boolean;
  obligations: boolean;
  displayEnd: boolean;
};

/**
 * What this actor may do with this record today. Proposing an entry from it: the deciding department's
 * regulator, a dishonesty record in effect (black only on a serious one, as proposeEntry refuses).
 * Correcting it, recording its obligations met (while unmet) and ending a held display: the deciding
 * department or an admin, never on a voided record.
 */
export function allowedRecordActions(r: RecordFacts, actor: Actor | Ctx['actor'], today: IsoDate): RecordActions {
  const mayChange = mayChangeRecord(actor, r);
  const proposable = isOwnDepartment(actor, r.department) && r.kind === 'dishonesty' && isRecordInEffect(r, today);
  return {
    propose: proposable ? (['black', 'watch'] as const).filter((list) => list !== 'black' || mayRestBlackOn([r])) : [],
    correct: mayChange && r.voidedOn === null,
    obligations: mayChange && r.obligationsUnmet && r.voidedOn === null,
    displayEnd: mayChange && awaitsDisplayDecision(r, today),
  };
}
