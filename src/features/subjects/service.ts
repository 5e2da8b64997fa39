import type { RawBuilder } from 'kysely';
import type { Ctx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { decodeCursor, toPage } from '../../core/pagination.js';
import type { Db, Trx } from '../../db/types.js';
import { subjectDisclosure } from '../../disclosure/index.js';
import { newId } from '../../lib/ids.js';
import { recordPublicChange } from '../../sync/outbox.js';
import { assertMayRegister } from './policy.js';
import * as repo from './repo.js';
import type { CreateSubjectInput, SubjectView, UpdateSubjectInput } from './schemas.js';

/** The subject registry's verbs. Each write is one transaction with its audit row and event. */

export async function createSubject(db: Db, ctx: Ctx, input: CreateSubjectInput): Promise<SubjectView> {
  assertMayRegister(ctx);
  return db.transaction().execute((trx) => insertSubject(trx, ctx, input));
}

/** The registration itself, in the caller's transaction (another verb may register a subject it needs). */
export async function insertSubject(trx: Trx, ctx: Ctx, input: CreateSubjectInput): Promise<SubjectView> {
  assertMayRegister(ctx);
  const now = ctx.clock.now();
  const inserted = await trx
    .insertInto('credit.subjects')
    .values({
      id: newId('subject', now),
      uscc: input.uscc,
      name: input.name,
      kind: input.kind,
      legal_representative: input.legalRepresentative,
      region: input.region,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.column('uscc').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!inserted) throw fail.conflict(`a subject with USCC ${input.uscc} is already registered`, { uscc: input.uscc });
  const subject = repo.toView(inserted);
  await recordPublicChange(trx, ctx, 'subject.created', {
    action: 'subject.create',
    entityType: 'subject',
    entityId: subject.id,
    subjectId: subject.id,
    after: subject,
    payload: subjectDisclosure(subject),
  });
  return subject;
}

/**
 * The subject with this code, registered first (in the caller's transaction) when it is not yet known.
 * Race-safe: when another transaction registers the same code between our read and our insert, the
 * insert waits for it, does nothing (on conflict), and we read the subject it registered.
 */
export async function ensureSubject(trx: Trx, ctx: Ctx, input: CreateSubjectInput): Promise<SubjectView> {
  const existing = await repo.findByUscc(trx, input.uscc);
  if (existing) return repo.toView(existing);
  try {
    return await insertSubject(trx, ctx, input);
  } catch (error) {
    if (!(error instanceof DomainError && error.code === 'CONFLICT')) throw error;
    const registered = await repo.findByUscc(trx, input.uscc);
    if (!registered) throw error;
    return repo.toView(registered);
  }
}

export async function getSubject(db: Db, uscc: string): Promise<SubjectView> {
  const row = await repo.findByUscc(db, uscc);
  if (!row) throw fail.notFound(`subject ${uscc}`);
  return repo.toView(row);
}

export async function searchSubjects(db: Db, query: { q?: string; kind?: SubjectView['kind']; limit: number; cursor?: string }) {
  const rows = await repo.search(db, { q: query.q, kind: query.kind, after: decodeCursor(query.cursor), limit: query.limit });
  return toPage(rows, query.limit, repo.toView);
}

/** Changes name, representative or region; a new name pushes the old one onto previousNames (曾用名). */
export async function updateSubject(db: Db, ctx: Ctx, uscc: string, input: UpdateSubjectInput): Promise<SubjectView> {
  assertMayRegister(ctx);
  return db.transaction().execute(async (trx) => {
    const current = await repo.lockByUscc(trx, uscc);
    if (!current) throw fail.notFound(`subject ${uscc}`);
    const renamed = input.name !== undefined && input.name !== current.name;
    const changes = {
      name: input.name ?? current.name,
      legal_representative: input.legalRepresentative ?? current.legal_representative,
      region: input.region ?? current.region,
    };
    if (!renamed && changes.legal_representative === current.legal_representative && changes.region === current.region) {
      throw new DomainError('VALIDATION', 'nothing to change: every given field equals its current value');
    }
    const previousNames =
      renamed && !current.previous_names.includes(current.name) ? [...current.previous_names, current.name] : current.previous_names;
    const updated = await trx
      .updateTable('credit.subjects')
      .set({ ...changes, previous_names: previousNames, version: current.version + 1, updated_at: ctx.clock.now() })
      .where('id', '=', current.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (renamed) {
      await trx
        .insertInto('credit.subject_renames')
        .values({ subject_id: current.id, old_name: current.name, new_name: updated.name, renamed_on: ctx.clock.today() })
        .execute();
    }
    const before = repo.toView(current);
    const after = repo.toView(updated);
    await recordPublicChange(trx, ctx, renamed ? 'subject.renamed' : 'subject.updated', {
      action: 'subject.update',
      entityType: 'subject',
      entityId: after.id,
      subjectId: after.id,
      before,
      after,
      payload: subjectDisclosure(after),
    });
    return after;
  });
}

/**
 * The subject's name on a day: before a rename, the name it had then (renamed on D: the new name from
 * D). The query finds the old name when a rename came after the day (no row: its current name); the
 * signed status embeds it with the subject as a column reference.
 */
export function nameBeforeRenameQuery(db: Db | Trx, subjectId: RawBuilder<string>, on: string) {
  return db
    .selectFrom('credit.subject_renames')
    .select('old_name')
    .where('subject_id', '=', subjectId)
    .where('renamed_on', '>', on)
    .orderBy('renamed_on')
    .orderBy('id')
    .limit(1);
}
