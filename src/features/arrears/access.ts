import type { Actor } from '../../http/auth.js';
import { fail } from '../../http/errors.js';

/** Finance clerks (and admins) write the ledger; regulators, reviewers read it all; a contractor reads its own. */
export function assertCanWriteLedger(actor: Actor) {
  if (actor.role !== 'finance' && actor.role !== 'admin') throw fail.forbidden('only finance (清欠) clerks write the arrears ledger');
}

export function assertCanReadContract(actor: Actor, contract: { contractor_uscc: string }) {
  if (['admin', 'reviewer', 'regulator', 'finance'].includes(actor.role)) return;
  if (actor.role === 'subject' && actor.uscc === contract.contractor_uscc) return;
  throw fail.forbidden('a contractor reads only its own contracts');
}
