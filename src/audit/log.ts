import type { Trx } from '../db/types.js';
import type { Actor } from '../http/auth.js';
import { canonicalJson, sha256Hex } from '../lib/canonical.js';
import type { Clock } from '../lib/clock.js';
import { newId } from '../lib/ids.js';

/** Who is acting, when, under which request: passed to every verb. */
export type Ctx = { actor: Actor | SystemActor; clock: Clock; requestId: string | null };
export type SystemActor = { sub: `system:${string}`; role: 'system' };

export const systemActor = (name: string): SystemActor => ({ sub: `system:${name}`, role: 'system' });

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
  await trx.insertInto('audit.entries').values({
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
  }).execute();
  await trx.insertInto('audit.pending').values({ entry_id: id }).execute();
  return id;
}

export async function payloadHash(before: unknown, after: unknown): Promise<string> {
  return sha256Hex(canonicalJson({ before, after }));
}

/** Appends the public event of a change (the feed to the credit platform reads these). */
export async function emitEvent(trx: Trx, ctx: Ctx, type: string, change: Change & { payload: unknown }) {
  await trx.insertInto('sync.events').values({
    id: newId('event', ctx.clock.now()),
    at: ctx.clock.now(),
    type,
    entity_type: change.entityType,
    entity_id: change.entityId,
    subject_id: change.subjectId ?? null,
    payload: JSON.stringify(change.payload),
  }).execute();
}

/** Audit + event for a public change, the pair every public write commits. */
export async function recordPublicChange(trx: Trx, ctx: Ctx, eventType: string, change: Change & { payload: unknown }) {
  await recordAudit(trx, ctx, change);
  await emitEvent(trx, ctx, eventType, change);
}
