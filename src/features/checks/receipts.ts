import type { Actor } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { CHECKERS, RECEIPT_READERS } from './policy.js';
import type { ReceiptListFilter } from './receipts-schemas.js';

/**
 * One's own check receipts, newest first: those asked for under the same sub and the same role, as
 * the single read (getReceipt) decides. Reviewers and admins, who may read any receipt, may list
 * another token holder's by its sub.
 */
export async function listReceipts(db: Db, actor: Actor, filter: ReceiptListFilter) {
  assertRole(actor, CHECKERS, 'list check receipts');
  let q = db.selectFrom('credit.checks').select(['id', 'at', 'as_of', 'codes', 'data_version', 'results_hash', 'actor', 'role']);
  if (filter.requestedBy !== undefined && filter.requestedBy !== actor.sub) {
    if (!RECEIPT_READERS.includes(actor.role)) throw fail.forbidden("only reviewers and admins list another token holder's receipts");
    q = q.where('actor', '=', filter.requestedBy);
  } else {
    q = q.where('actor', '=', actor.sub).where('role', '=', actor.role);
  }
  const before = decodeCursor(filter.cursor);
  if (before) q = q.where('id', '<', before);
  const rows = await q
    .orderBy('id', 'desc')
    .limit(filter.limit + 1)
    .execute();
  return toPage(rows, filter.limit, (r) => ({
    id: r.id,
    at: r.at.toISOString(),
    asOf: r.as_of,
    codes: r.codes,
    dataVersion: r.data_version,
    resultsHash: r.results_hash,
    requestedBy: r.actor,
    role: r.role,
  }));
}
