import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { announcementCancelledPayload, announcementDisclosure, announcementPublishedPayload } from '../../disclosure/index.js';
import { drawRuleFor, hashRule } from '../../lib/draw/index.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { knownServices } from '../agencies/index.js';
import { cancellableYet, signupOpenAt } from './allowed-actions.js';
import { nextState } from './machine.js';
import { assertOwner, OWNERS } from './policy.js';
import type { DrawSources } from './randomness.js';
import { factsOf, lockAnnouncement, moveTo } from './repo.js';
import type { AnnouncementInput } from './schemas.js';

/**
 * Drafting, publishing and cancelling a purchase announcement (domain §8). Publishing commits the draw
 * before anyone can sign up: the rule (and its hash) and a randomness source that does not exist yet;
 * sign-up opens in the same transaction, so there is no moment at which agencies could sign up against
 * an announcement whose draw is not yet committed.
 */

function columnsOf(input: AnnouncementInput) {
  return {
    owner_name: input.ownerName,
    owner_uscc: input.ownerUscc ?? null,
    project_code: input.projectCode,
    project_name: input.projectName,
    service: input.service,
    region: input.region,
    fiscal: input.fiscal,
    quote_kind: input.quoteKind,
    price_cap_fen: input.priceCapFen ?? null,
    price_floor_fen: input.priceFloorFen ?? null,
    discount_min: input.discountMin ?? null,
    discount_max: input.discountMax ?? null,
    signup_deadline: new Date(input.signupDeadline),
    selection_at: new Date(input.selectionAt),
    qualification_match: input.qualifications.match,
    qualifications: [...new Set(input.qualifications.names)],
    min_staff: input.minStaff,
    avoid: JSON.stringify(input.avoid),
    mode: input.mode,
    direct_uscc: input.directUscc ?? null,
    long_list_size: input.mode === 'credit_first' ? (input.longListSize ?? null) : null,
    short_list_size: input.mode === 'credit_first' ? (input.shortListSize ?? null) : null,
    witnesses: input.witnesses,
    publish_winner: input.publishWinner,
    complaint_contact: input.complaintContact,
    description: input.description,
  };
}

/** The rules a body must meet beyond its shape: a known service; direct only where the money is not 财政资金. */
async function assertAnnounceable(db: Db | Trx, input: AnnouncementInput) {
  if (input.mode === 'direct' && input.fiscal)
    throw fail.rule('mode: direct selection (直接选取) is not allowed for a 财政资金 announcement; choose a draw, a bid or credit first', {
      errors: [{ path: 'mode', message: 'direct is not allowed when fiscal is true' }],
    });
  if (!(await knownServices(db, [input.service])).has(input.service))
    throw fail.rule(`service: ${input.service} is not in the catalogue (GET /api/v1/market/services)`);
}

const ownerView = async (db: Db | Trx, id: string) => {
  const row = await db.selectFrom('market.announcements').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  return announcementDisclosure(await factsOf(db, row), { owner: true });
};

export async function createAnnouncement(db: Db, ctx: ActorCtx, input: AnnouncementInput) {
  assertRole(ctx.actor, OWNERS, 'announce a purchase');
  await assertAnnounceable(db, input);
  return db.transaction().execute(async (trx) => {
    const now = ctx.clock.now();
    const id = newId('announcement', now);
    await trx
      .insertInto('market.announcements')
      .values({ id, owner_sub: ctx.actor.sub, ...columnsOf(input), state: 'draft', created_at: now, updated_at: now })
      .execute();
    await trx
      .insertInto('market.announcement_steps')
      .values({ announcement_id: id, from_state: null, to_state: 'draft', actor: ctx.actor.sub, role: ctx.actor.role, at: now, note: null })
      .execute();
    const view = await ownerView(trx, id);
    await recordAudit(trx, ctx, { action: 'announcement.create', entityType: 'announcement', entityId: id, after: view });
    return view;
  });
}

export async function editDraft(db: Db, ctx: ActorCtx, id: string, input: AnnouncementInput) {
  await assertAnnounceable(db, input);
  return db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'update');
    assertOwner(ctx.actor, row);
    if (row.state !== 'draft') throw fail.transition(`only a draft is edited; this announcement is ${row.state}`, row.state);
    const before = await ownerView(trx, id);
    await trx
      .updateTable('market.announcements')
      .set((eb) => ({ ...columnsOf(input), updated_at: ctx.clock.now(), version: eb('version', '+', 1) }))
      .where('id', '=', id)
      .execute();
    const after = await ownerView(trx, id);
    await recordAudit(trx, ctx, { action: 'announcement.edit', entityType: 'announcement', entityId: id, before, after });
    return after;
  });
}

/** Publishes the announcement with its commitment and opens sign-up at once (published → signing_up). */
export async function publishAnnouncement(db: Db, ctx: ActorCtx, id: string, sources: DrawSources) {
  return db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'update');
    assertOwner(ctx.actor, row);
    nextState(row.state, 'publish');
    const now = ctx.clock.now();
    if (!signupOpenAt(row.signup_deadline, now))
      throw fail.rule(`signupDeadline: ${row.signup_deadline.toISOString()} has passed; edit the draft before publishing`);
    let commitment: Record<string, unknown> = {};
    if (row.mode !== 'direct') {
      const rule = drawRuleFor({
        id: row.id,
        mode: row.mode,
        fiscal: row.fiscal,
        quoteKind: row.quote_kind,
        longListSize: row.long_list_size,
        shortListSize: row.short_list_size,
      });
      const source = await sources.commit(row.selection_at);
      commitment = {
        draw_rule: JSON.stringify(rule),
        draw_rule_hash: await hashRule(rule),
        randomness_source: JSON.stringify(source.commitment),
        sealed_seed: source.sealedSeed,
      };
    }
    await trx
      .updateTable('market.announcements')
      .set({ ...commitment, published_at: now })
      .where('id', '=', id)
      .execute();
    const published = await moveTo(
      trx,
      ctx,
      row,
      'published',
      row.mode === 'direct' ? 'direct selection: no draw' : 'commitment published',
    );
    await moveTo(trx, ctx, published, nextState('published', 'open_signup'), 'sign-up opens at publication');
    const facts = await factsOf(trx, await lockAnnouncement(trx, id, 'update'));
    const view = announcementDisclosure(facts, { owner: true });
    await recordPublicChange(trx, ctx, 'market.announcement_published', {
      action: 'announcement.publish',
      entityType: 'announcement',
      entityId: id,
      after: view,
      payload: announcementPublishedPayload(facts),
    });
    return view;
  });
}

export async function cancelAnnouncement(db: Db, ctx: ActorCtx, id: string, reason: string) {
  return db.transaction().execute(async (trx) => {
    const row = await lockAnnouncement(trx, id, 'update');
    assertOwner(ctx.actor, row);
    const to = nextState(row.state, 'cancel');
    // From its selection time a draw's randomness may be public (a drand round is due seconds later):
    // an owner who could cancel then could undo a draw it did not like. A direct one has no draw.
    if (!cancellableYet({ mode: row.mode, selectionAt: row.selection_at }, ctx.clock.now()))
      throw fail.transition(`the selection time ${row.selection_at.toISOString()} has come; a draw is no longer cancelled`, row.state);
    const before = await ownerView(trx, id);
    await moveTo(trx, ctx, row, to, reason);
    const after = await ownerView(trx, id);
    const change = { action: 'announcement.cancel', entityType: 'announcement', entityId: id, before, after };
    // A draft was never public: its cancellation is the owner's affair. A published one is followed outside.
    if (row.state === 'draft') await recordAudit(trx, ctx, change);
    else {
      const facts = await factsOf(trx, await lockAnnouncement(trx, id, 'update'));
      await recordPublicChange(trx, ctx, 'market.announcement_cancelled', {
        ...change,
        payload: announcementCancelledPayload(facts, reason, ctx.clock.now()),
      });
    }
    return after;
  });
}
