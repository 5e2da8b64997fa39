import type { Actor } from '../../core/actor.js';
import { dateInShanghai } from '../../core/clock.js';
import { fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { reportTracking } from '../../disclosure/index.js';
import { departmentNames } from '../departments/index.js';
import { HANDLERS } from './policy.js';
import { toView } from './service.js';

/**
 * Reading reports: the reporter by tracking number (public, through the disclosure module: state and
 * decision only), regulators the queue (everything, with the contact).
 */
export async function trackReport(db: Db, trackingNo: string) {
  const row = await db
    .selectFrom('market.reports as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .leftJoin('credit.records as rec', (join) => join.onRef('rec.id', '=', 'r.record_id').on('rec.superseded_at', 'is', null))
    .select(['r.tracking_no', 'r.state', 'r.received_at', 'r.decided_at', 'r.decision_reason', 'r.decided_dept', 'r.record_id'])
    .select(['s.uscc', 's.name', 'rec.is_public'])
    .where('r.tracking_no', '=', trackingNo)
    .executeTakeFirst();
  if (!row) throw fail.notFound(`report ${trackingNo}`);
  const names = row.decided_dept ? await departmentNames(db, [row.decided_dept]) : new Map<string, string>();
  return reportTracking({
    trackingNo: row.tracking_no,
    agencyUscc: row.uscc,
    agencyName: row.name,
    state: row.state,
    receivedOn: dateInShanghai(row.received_at),
    decidedOn: row.decided_at ? dateInShanghai(row.decided_at) : null,
    reason: row.decision_reason,
    department: row.decided_dept,
    departmentName: row.decided_dept ? (names.get(row.decided_dept) ?? null) : null,
    publicRecordId: row.is_public ? row.record_id : null,
  });
}

/** The regulators' queue: reports in one state, oldest first, optionally about one agency. */
export async function reportQueue(
  db: Db,
  actor: Actor,
  query: { state: 'received' | 'dismissed' | 'verified'; agencyUscc?: string; cursor?: string; limit: number },
) {
  assertRole(actor, HANDLERS, 'read reports (they carry the reporter’s contact)');
  const after = decodeCursor(query.cursor);
  let page = db
    .selectFrom('market.reports as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .selectAll('r')
    .select(['s.uscc', 's.name'])
    .where('r.state', '=', query.state);
  if (query.agencyUscc) page = page.where('s.uscc', '=', query.agencyUscc);
  if (after) page = page.where('r.id', '>', after);
  const rows = await page
    .orderBy('r.id')
    .limit(query.limit + 1)
    .execute();
  return toPage(rows, query.limit, toView);
}
