import type { Ctx } from '../core/actor.js';
import type { Trx } from '../db/types.js';
import { canonicalJson, sha256Hex } from '../lib/canonical.js';
import { newId } from '../lib/ids.js';

export type Change = {
  action: string;
  entityType: string;
  entityId: string;
  subjectId?: string | null;
  before?: unknown;
  after?: unknown;
};

/**
 * Appends the audit entry of a change inside the change's own transaction (fail-closed: no audit row,
 * no change). The entry waits in audit.pending until sealChain() links it into the hash chain.
 */
export async function recordAudit(trx: Trx, ctx: Ctx, change: Change): Promise<string> {
  const id = newId('audit', ctx.clock.now());
  const before = change.before ?? null;
  const after = change.after ?? null;
  await trx
    .insertInto('audit.entries')
    .values({
      id,
      at: ctx.clock.now(),
      actor: ctx.actor.sub,
      role: ctx.actor.role,
      action: change.action,
      entity_type: change.entityType,
      entity_id: change.entityId,
      subject_id: change.subjectId ?? null,
      request_id: ctx.requestId,
      before: before === null ? null : JSON.stringify(before),
      after: after === null ? null : JSON.stringify(after),
      payload_hash: await payloadHash(before, after),
    })
    .execute();
  await trx.insertInto('audit.pending').values({ entry_id: id }).execute();
  return id;
}

export async function payloadHash(before: unknown, after: unknown): Promise<string> {
  return sha256Hex(canonicalJson({ before, after }));
}
