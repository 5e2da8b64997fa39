import { sql } from 'kysely';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import type { Trx } from '../../db/types.js';
import { recordInEffect } from '../credit-rules/index.js';
import { exitEntriesClearedBy, exitRepairedEntry, findEntry } from '../lists/index.js';
import { fileObjectionIn } from '../objections/index.js';
import { endForRepair } from '../records/index.js';
import type { InboundMessage, ObjectionResult, RepairResult } from './inbound-schemas.js';

/**
 * What a report from the platform does here, in the caller's transaction, acting as the platform (its
 * token's identity is on every audit row, transition and event these verbs write).
 *
 * repair.granted — the repair was decided on 信用中国 (信用修复 of what it publishes from us), so no
 * repair case is opened or decided here: the decision is the platform's, and the sync.inbound row and
 * its audit row keep it with the platform's reference. What it changes is what an approved repair
 * changes (features/repairs decideRepair, through the same verbs): a record's public display ends as
 * `repaired`, and the black or watch entries resting only on repaired or voided records exit; an entry
 * exits as `repaired`. Those write the events the platform follows (终止公示). It is refused when the
 * target is unknown, was never public here (the platform cannot have published it), is not a
 * dishonesty record, or is a red entry; it changes nothing when the display has ended already.
 *
 * objection.filed — becomes an objection in our queue (features/objections), filed by the platform:
 * it is then forwarded and decided as any other. Refused when the target is unknown or not public.
 */
type RepairData = Extract<InboundMessage, { type: 'repair.granted' }>['data'];
type ObjectionData = Extract<InboundMessage, { type: 'objection.filed' }>['data'];

export function applyReport(trx: Trx, ctx: ActorCtx, message: InboundMessage): Promise<RepairResult | ObjectionResult> {
  return message.type === 'repair.granted' ? applyRepairGranted(trx, ctx, message.data) : applyObjectionFiled(trx, ctx, message.data);
}

async function applyRepairGranted(trx: Trx, ctx: ActorCtx, data: RepairData): Promise<RepairResult> {
  const note = `credit repair granted on 信用中国 (${data.reference}, ${data.grantedOn})`;
  if (data.target === 'listEntry') {
    const entry = await findEntry(trx, data.targetId);
    if (!entry) throw fail.notFound(`list entry ${data.targetId}`);
    if (entry.published_on === null)
      throw fail.rule(`list entry ${entry.id} was never published here; there is nothing 信用中国 could repair`);
    if (entry.list === 'red') throw fail.rule(`list entry ${entry.id} is a red list entry; only black and watch entries are repaired`);
    const changed = entry.state === 'published';
    if (changed) await exitRepairedEntry(trx, ctx, entry.id, note);
    return { target: data.target, targetId: entry.id, subjectUscc: entry.uscc, changed, entriesExited: changed ? [entry.id] : [] };
  }
  const record = await trx
    .selectFrom('credit.records as r')
    .innerJoin('credit.subjects as s', 's.id', 'r.subject_id')
    .select(['r.id', 'r.kind', 'r.is_public', 's.uscc', sql<boolean>`${recordInEffect('r', ctx.clock.today())}`.as('live')])
    .where('r.id', '=', data.targetId)
    .where('r.superseded_at', 'is', null)
    .executeTakeFirst();
  if (!record) throw fail.notFound(`record ${data.targetId}`);
  if (!record.is_public) throw fail.rule(`record ${record.id} is not public here; there is nothing 信用中国 could repair`);
  if (record.kind !== 'dishonesty') throw fail.rule(`record ${record.id} is not a dishonesty record; there is nothing to repair`);
  if (!record.live)
    return { target: data.target, targetId: record.id, subjectUscc: record.uscc, changed: false, recordEnded: false, entriesExited: [] };
  // The entries this record holds up now: those that exit with it are named in the answer.
  const resting = await trx
    .selectFrom('credit.list_entries')
    .select('id')
    .where('state', '=', 'published')
    .where(sql<boolean>`record_ids @> ARRAY[${record.id}]::text[]`)
    .execute();
  await endForRepair(trx, ctx, record.id);
  await exitEntriesClearedBy(trx, ctx, record.id);
  const exited = resting.length
    ? await trx
        .selectFrom('credit.list_entries')
        .select('id')
        .where(
          'id',
          'in',
          resting.map((e) => e.id),
        )
        .where('state', '=', 'exited')
        .orderBy('id')
        .execute()
    : [];
  return {
    target: data.target,
    targetId: record.id,
    subjectUscc: record.uscc,
    changed: true,
    recordEnded: true,
    entriesExited: exited.map((e) => e.id),
  };
}

async function applyObjectionFiled(trx: Trx, ctx: ActorCtx, data: ObjectionData): Promise<ObjectionResult> {
  const objection = await fileObjectionIn(trx, ctx, {
    target: data.target,
    targetId: data.targetId,
    // The department reads the platform's case number with the grounds.
    grounds: `[信用中国 ${data.reference}] ${data.grounds}`,
    evidence: data.evidence,
  });
  return {
    objectionId: objection.id,
    target: data.target,
    targetId: objection.targetId,
    subjectUscc: objection.subjectUscc,
    state: objection.state,
  };
}
