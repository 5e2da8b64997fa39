import type { Selectable } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { ActorCtx, Role } from '../../core/actor.js';
import { DomainError, type ErrorCode, fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, InboundTable, Trx } from '../../db/types.js';
import { canonicalJson } from '../../lib/canonical.js';
import { applyReport } from './inbound-effects.js';
import type { InboundMessage, ObjectionResult, RepairResult } from './inbound-schemas.js';

/**
 * Reports from the city platform, applied once. The webhook-id is the key (sync.inbound): the effect,
 * the inbound row and its audit row commit in one transaction, so a report is either applied and kept
 * or not at all. A repeat of an id answers the first outcome and changes nothing (an applied report:
 * 200 with duplicate: true; a refused one: the same 422); the same id with another body is 409.
 * A report refused for a reason a retry cannot change (PERMANENT) is kept as refused, with its audit
 * row, so the refusal is on record and a retry gets the same answer (422); any other failure keeps
 * nothing and answers its own status, and the platform's retry with the same id runs it again.
 */
export const INBOUND_SENDERS: Role[] = ['platform'];

/**
 * The refusals kept for good: the target does not exist (ids are never reused, and the platform only
 * knows ids this registry published), the report is malformed (a retry sends the same bytes), or the
 * rules refuse it for what its target is (a red entry, not a dishonesty record, never published here).
 * Not kept: CONFLICT and INVALID_TRANSITION (a concurrent change; the retry meets the settled state),
 * FORBIDDEN (the verbs decide it on the target's present state, e.g. an entry not public yet),
 * PRECONDITION_FAILED and LIMIT_EXCEEDED (depend on the day or on other rows), and the rest.
 */
const PERMANENT: ReadonlySet<ErrorCode> = new Set<ErrorCode>(['NOT_FOUND', 'VALIDATION', 'RULE_VIOLATED']);

type Row = Selectable<InboundTable>;

export type InboundAnswer = {
  id: string;
  type: InboundMessage['type'];
  outcome: 'applied';
  duplicate: boolean;
  receivedAt: string;
  result: RepairResult | ObjectionResult;
};

/** A concurrent request with the same id committed first (its insert won). */
class AlreadyReceived extends Error {}

export async function receiveReport(db: Db, ctx: ActorCtx, id: string, message: InboundMessage): Promise<InboundAnswer> {
  assertRole(ctx.actor, INBOUND_SENDERS, 'send reports back');
  const first = await db.selectFrom('sync.inbound').selectAll().where('id', '=', id).executeTakeFirst();
  if (first) return repeat(first, message);
  try {
    return await db.transaction().execute((trx) => apply(trx, ctx, id, message));
  } catch (error) {
    if (error instanceof AlreadyReceived) return repeat(await stored(db, id), message);
    if (!(error instanceof DomainError) || !PERMANENT.has(error.code)) throw error;
    return refuse(db, ctx, id, message, error);
  }
}

async function apply(trx: Trx, ctx: ActorCtx, id: string, message: InboundMessage): Promise<InboundAnswer> {
  const receivedAt = ctx.clock.now();
  // Claims the id first: a concurrent copy waits here for this transaction, then finds the id taken.
  const claimed = await trx
    .insertInto('sync.inbound')
    .values({ id, type: message.type, received_at: receivedAt, payload: JSON.stringify(message), outcome: 'applied', result: '{}' })
    .onConflict((oc) => oc.doNothing())
    .returning('id')
    .executeTakeFirst();
  if (!claimed) throw new AlreadyReceived();
  const result = await applyReport(trx, ctx, message);
  await trx
    .updateTable('sync.inbound')
    .set({ result: JSON.stringify(result) })
    .where('id', '=', id)
    .execute();
  await recordAudit(trx, ctx, {
    action: `sync.inbound.${message.type}`,
    entityType: 'inbound',
    entityId: id,
    after: { type: message.type, reference: message.data.reference, outcome: 'applied', result },
  });
  return { id, type: message.type, outcome: 'applied', duplicate: false, receivedAt: receivedAt.toISOString(), result };
}

/** Keeps the refusal (unless a concurrent copy kept an outcome first) and answers 422. */
async function refuse(db: Db, ctx: ActorCtx, id: string, message: InboundMessage, error: DomainError): Promise<InboundAnswer> {
  const result = { code: error.code, detail: error.message };
  const kept = await db.transaction().execute(async (trx) => {
    const inserted = await trx
      .insertInto('sync.inbound')
      .values({
        id,
        type: message.type,
        received_at: ctx.clock.now(),
        payload: JSON.stringify(message),
        outcome: 'refused',
        result: JSON.stringify(result),
      })
      .onConflict((oc) => oc.doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return false;
    await recordAudit(trx, ctx, {
      action: `sync.inbound.${message.type}`,
      entityType: 'inbound',
      entityId: id,
      after: { type: message.type, reference: message.data.reference, outcome: 'refused', result },
    });
    return true;
  });
  if (!kept) return repeat(await stored(db, id), message);
  throw refusal(id, result.detail, false);
}

const stored = (db: Db, id: string) => db.selectFrom('sync.inbound').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

const refusal = (id: string, detail: string, duplicate: boolean) =>
  new DomainError('RULE_VIOLATED', `report ${id} refused: ${detail}`, { inboundId: id, duplicate });

function repeat(first: Row, message: InboundMessage): InboundAnswer {
  if (canonicalJson(first.payload) !== canonicalJson(message)) {
    throw fail.conflict(`webhook-id ${first.id} was already used for another report (received ${first.received_at.toISOString()})`);
  }
  if (first.outcome === 'refused') throw refusal(first.id, String((first.result as { detail: unknown }).detail), true);
  const result = first.result as RepairResult | ObjectionResult;
  return {
    id: first.id,
    type: first.type as InboundMessage['type'],
    outcome: 'applied',
    duplicate: true,
    receivedAt: first.received_at.toISOString(),
    result,
  };
}
