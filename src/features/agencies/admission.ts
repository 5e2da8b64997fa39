import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { decodeKeyCursor, joinKey, toPageBy } from '../../core/pagination.js';
import type { Db, Trx } from '../../db/types.js';
import { admissionDisclosure } from '../../disclosure/index.js';
import { addYears, daysBetween, type IsoDate, isIsoDate } from '../../lib/dates.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { readAt } from '../calendar/index.js';
import { dishonestyDecidedBetween } from '../credit-rules/index.js';
import { assertOperator } from './policy.js';
import { listingsOf, lockAgency } from './profile-repo.js';
import type { AdmissionInput } from './schemas.js';
import { storeScores } from './score-cache.js';

/**
 * Admission (入驻): the operator decides each application within 2 working days (the due date set at
 * application). An agency with a dishonesty record (any class, not voided) decided in the 3 years
 * before the day is not admitted (domain §8, Tangshan practice): admitting it is a 422 naming each
 * record, and a refusal keeps the records it rests on.
 */
export const CLEAN_YEARS = 3;

export function badRecords(db: Db | Trx, subjectId: string, today: IsoDate) {
  return dishonestyDecidedBetween(db, subjectId, addYears(today, -CLEAN_YEARS), today).then((rows) =>
    rows.map((r) => ({ id: r.id, documentNo: r.document_no, decidedOn: r.decided_on, severity: r.severity })),
  );
}

export type AdmissionQueueQuery = { state: 'applied' | 'admitted' | 'refused' | 'withdrawn'; limit: number; cursor?: string };

/** The operator's queue: applications by due date (earliest first), each with the days left or overdue. */
export async function admissionQueue(db: Db, ctx: ActorCtx, query: AdmissionQueueQuery) {
  assertOperator(ctx, 'reads the admission queue');
  const today = ctx.clock.today();
  const after = decodeKeyCursor(query.cursor, isIsoDate);
  let q = db
    .selectFrom('market.agencies as a')
    .innerJoin('credit.subjects as s', 's.id', 'a.subject_id')
    .select(['a.subject_id', 's.uscc', 's.name', 'a.state', 'a.applied_on', 'a.admission_due_on', 'a.decided_at', 'a.decision_note'])
    .where('a.state', '=', query.state);
  if (after) q = q.where(sql<boolean>`(a.admission_due_on, a.subject_id) > (${after.first}::date, ${after.id})`);
  const rows = await q
    .orderBy('a.admission_due_on')
    .orderBy('a.subject_id')
    .limit(query.limit + 1)
    .execute();
  const calendar = await readAt(db, today);
  return toPageBy(
    rows,
    query.limit,
    (r) => joinKey(r.admission_due_on, r.subject_id),
    (r) => ({
      uscc: r.uscc,
      name: r.name,
      state: r.state,
      appliedOn: r.applied_on,
      dueOn: r.admission_due_on,
      daysLeft: daysBetween(today, r.admission_due_on),
      overdue: r.state === 'applied' && today > r.admission_due_on,
      deadlineProvisional: calendar.provisional(r.applied_on, r.admission_due_on),
      decidedAt: r.decided_at?.toISOString() ?? null,
      decisionNote: r.decision_note,
    }),
  );
}

/** The operator admits or refuses an application (state applied), audited; an admission is published. */
export async function decideAdmission(db: Db, ctx: ActorCtx, uscc: string, input: AdmissionInput) {
  assertOperator(ctx, 'decides admissions');
  const today = ctx.clock.today();
  return db.transaction().execute(async (trx) => {
    const current = await lockAgency(trx, uscc);
    if (!current) throw fail.notFound(`agency ${uscc}`);
    if (current.state !== 'applied') throw fail.transition(`${uscc} is ${current.state}; only an application is decided`, current.state);
    const records = await badRecords(trx, current.subject_id, today);
    if (input.decision === 'admit' && records.length) {
      throw fail.rule(
        `${uscc} has a dishonesty record decided in the ${CLEAN_YEARS} years before ${today}: ${records
          .map((r) => `${r.id} (${r.documentNo}, decided ${r.decidedOn})`)
          .join('; ')}; refuse the application`,
        { records },
      );
    }
    const now = ctx.clock.now();
    const row = await trx
      .updateTable('market.agencies')
      .set({
        state: input.decision === 'admit' ? 'admitted' : 'refused',
        decided_at: now,
        decided_by: ctx.actor.sub,
        decision_note: input.note,
        refusal_record_ids: input.decision === 'refuse' ? records.map((r) => r.id) : [],
        version: current.version + 1,
        updated_at: now,
      })
      .where('subject_id', '=', current.subject_id)
      .returning(['state', 'decided_at', 'decision_note', 'refusal_record_ids'])
      .executeTakeFirstOrThrow();
    const before = { state: current.state, dueOn: current.admission_due_on };
    const after = {
      uscc,
      name: current.name,
      state: row.state,
      decidedAt: row.decided_at!.toISOString(),
      note: row.decision_note,
      dueOn: current.admission_due_on,
      refusalRecords: input.decision === 'refuse' ? records : [],
    };
    const change = { entityType: 'agency', entityId: current.subject_id, subjectId: current.subject_id, before, after };
    if (input.decision === 'refuse') {
      await recordAudit(trx, ctx, { action: 'agency.refuse', ...change });
      return after;
    }
    const { offers } = await listingsOf(trx, current.subject_id);
    await recordPublicChange(trx, ctx, 'market.agency_admitted', {
      action: 'agency.admit',
      ...change,
      payload: admissionDisclosure({
        uscc,
        name: current.name,
        admittedOn: today,
        services: offers.map((o) => o.service),
        regions: current.regions,
      }),
    });
    // Its first 中介 score, so the directory can sort it from the moment it is admitted.
    await storeScores(trx, [current.subject_id], today, now);
    return after;
  });
}
