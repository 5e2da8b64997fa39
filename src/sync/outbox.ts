import { type Change, recordAudit } from '../audit/log.js';
import type { Ctx } from '../core/actor.js';
import type { Trx } from '../db/types.js';
import { newId } from '../lib/ids.js';
import { EVENTS, type EventPayload, type EventType } from './catalogue.js';

/**
 * The one outbox. An event is written in the transaction of the change it reports, so both commit or
 * neither does; the feed to the city platform and the registry's own consumers read it afterwards.
 * A payload that does not match its catalogue schema is refused (a bug, not a user error).
 */
export type EventRef = { entityType: string; entityId: string; subjectId?: string | null };

export async function emitEvent<T extends EventType>(
  trx: Trx,
  ctx: Ctx,
  type: T,
  ref: EventRef,
  payload: EventPayload<T>,
): Promise<string> {
  const parsed = EVENTS[type].schema.safeParse(payload);
  if (!parsed.success) {
    throw new Error(
      `event ${type} does not match its catalogue schema: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  const id = newId('event', ctx.clock.now());
  await trx
    .insertInto('sync.events')
    .values({
      id,
      at: ctx.clock.now(),
      type,
      entity_type: ref.entityType,
      entity_id: ref.entityId,
      subject_id: ref.subjectId ?? null,
      payload: JSON.stringify(parsed.data),
    })
    .execute();
  return id;
}

/** The audit row and the event of a change that the outside may follow: the pair every such write commits. */
export async function recordPublicChange<T extends EventType>(trx: Trx, ctx: Ctx, type: T, change: Change & { payload: EventPayload<T> }) {
  const { payload, ...audited } = change;
  await recordAudit(trx, ctx, audited);
  await emitEvent(trx, ctx, type, audited, payload);
}
