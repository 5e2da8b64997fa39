import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { subjectUscc } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { deadlines } from '../calendar/index.js';
import { findSubject } from '../subjects/index.js';
import { assertOwnProfile } from './policy.js';
import { type AgencyRow, agencyRow, knownServices, listingsOf, lockAgency, writeListings } from './profile-repo.js';
import type { ApplyInput, EditProfileInput } from './schemas.js';

/** The operator decides an application within 2 working days (domain §8), counted by the calendar (§7, §2b). */
export const ADMISSION_WORKDAYS = 2;

/** The agency's own view of its profile: everything it gave, its state and the admission deadline. */
export async function ownView(db: Db | Trx, row: AgencyRow) {
  const listings = await listingsOf(db, row.subject_id);
  return {
    uscc: row.uscc,
    name: row.name,
    state: row.state,
    appliedOn: row.applied_on,
    admissionDueOn: row.admission_due_on,
    decisionNote: row.decision_note,
    refusalRecordIds: row.refusal_record_ids,
    staffCount: row.staff_count,
    regions: row.regions,
    introduction: row.introduction,
    contact: { name: row.contact_name, phone: row.contact_phone, email: row.contact_email },
    ...listings,
    version: row.version,
  };
}

async function assertServicesExist(db: Db, offers: ApplyInput['offers']) {
  const known = await knownServices(
    db,
    offers.map((o) => o.service),
  );
  offers.forEach((o, i) => {
    if (!known.has(o.service)) throw fail.validation(`offers[${i}].service`, `${o.service} is not in the service catalogue`);
  });
}

const profileColumns = (input: ApplyInput) => ({
  staff_count: input.staffCount,
  regions: input.regions,
  introduction: input.introduction ?? '',
  contact_name: input.contact.name,
  contact_phone: input.contact.phone,
  contact_email: input.contact.email ?? null,
});

/**
 * An intermediary applies to the 超市 (入驻) with its own subject token. The operator's deadline is
 * set now: 2 working days after the application day. A refused or withdrawn agency may apply again.
 */
export async function applyForAdmission(db: Db, ctx: ActorCtx, input: ApplyInput) {
  const uscc = subjectUscc(ctx.actor, 'applies to the 超市 (with its own subject token)');
  await assertServicesExist(db, input.offers);
  const today = ctx.clock.today();
  const dueOn = (await deadlines(db)).workdaysAfter(today, ADMISSION_WORKDAYS);
  return db.transaction().execute(async (trx) => {
    const subject = await findSubject(trx, uscc);
    if (!subject) throw fail.rule(`no subject is registered with ${uscc}; a regulator registers it first`);
    if (subject.kind !== 'intermediary') {
      throw fail.rule(`${uscc} is registered as ${subject.kind}; only an intermediary (中介机构) joins the 超市`, { kind: subject.kind });
    }
    const existing = await lockAgency(trx, uscc);
    if (existing && (existing.state === 'applied' || existing.state === 'admitted')) {
      throw fail.conflict(`${uscc} has already ${existing.state === 'applied' ? 'applied' : 'been admitted'}`, { state: existing.state });
    }
    const now = ctx.clock.now();
    const values = {
      ...profileColumns(input),
      state: 'applied' as const,
      applied_at: now,
      applied_on: today,
      admission_due_on: dueOn,
      decided_at: null,
      decided_by: null,
      decision_note: null,
      refusal_record_ids: [],
      updated_at: now,
    };
    if (existing) {
      await trx
        .updateTable('market.agencies')
        .set({ ...values, version: existing.version + 1 })
        .where('subject_id', '=', subject.id)
        .execute();
    } else {
      await trx
        .insertInto('market.agencies')
        .values({ ...values, subject_id: subject.id, created_at: now })
        .execute();
    }
    await writeListings(trx, subject.id, input);
    const after = await ownView(trx, (await agencyRow(trx, uscc).executeTakeFirst())!);
    await recordAudit(trx, ctx, {
      action: 'agency.apply',
      entityType: 'agency',
      entityId: subject.id,
      subjectId: subject.id,
      before: existing ? await ownView(trx, existing) : null,
      after,
    });
    return after;
  });
}

/** The agency edits its profile whole (qualifications and offers replaced), against the version it read. */
export async function editProfile(db: Db, ctx: ActorCtx, uscc: string, input: EditProfileInput) {
  assertOwnProfile(ctx.actor, uscc);
  await assertServicesExist(db, input.offers);
  return db.transaction().execute(async (trx) => {
    const current = await lockAgency(trx, uscc);
    if (!current) throw fail.notFound(`agency ${uscc}`);
    if (current.state === 'withdrawn') throw fail.transition(`${uscc} has withdrawn from the 超市`, current.state);
    if (current.version !== input.version) {
      throw new DomainError('CONFLICT', `the profile changed since version ${input.version} (it is at ${current.version}): read it again`, {
        version: current.version,
      });
    }
    const before = await ownView(trx, current);
    await trx
      .updateTable('market.agencies')
      .set({ ...profileColumns(input), version: current.version + 1, updated_at: ctx.clock.now() })
      .where('subject_id', '=', current.subject_id)
      .execute();
    await writeListings(trx, current.subject_id, input);
    const after = await ownView(trx, (await agencyRow(trx, uscc).executeTakeFirst())!);
    await recordAudit(trx, ctx, {
      action: 'agency.profile_edit',
      entityType: 'agency',
      entityId: current.subject_id,
      subjectId: current.subject_id,
      before,
      after,
    });
    return after;
  });
}

/** The agency reads its own profile (with the version to edit against). */
export async function getOwnProfile(db: Db, ctx: ActorCtx, uscc: string) {
  assertOwnProfile(ctx.actor, uscc);
  const row = await agencyRow(db, uscc).executeTakeFirst();
  if (!row) throw fail.notFound(`agency ${uscc}`);
  return ownView(db, row);
}
