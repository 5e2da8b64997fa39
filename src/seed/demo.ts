import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { recordAudit } from '../audit/log.js';
import { type Ctx, systemActor } from '../core/actor.js';
import type { Clock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { CreateSubjectBody, createSubject, updateSubject } from '../features/subjects/index.js';
import { newId } from '../lib/ids.js';
import { type CreditSeedReport, seedDemoCredit } from './demo-credit.js';
import { type MarketSeedReport, seedDemoMarket } from './demo-market.js';

/**
 * Loads the demo data of seeds/demo through the same verbs and checks as the API (so it is audited and
 * valid). Idempotent: what already exists is skipped, so a second run changes nothing.
 */
export const DEMO_DIR = fileURLToPath(new URL('../../seeds/demo/', import.meta.url));

const Department = z.object({
  uscc: CreateSubjectBody.shape.uscc,
  name: z.string().min(1),
  region: z.string().regex(/^\d{6}$/),
  sector: z.string().min(1),
});

/**
 * A demo subject renamed before carries its former names (曾用名), oldest first: it is registered under
 * the first and renamed through the same verb as the API, so its history is the one a rename leaves
 * (dated when the registry learned of it: the seed's clock, never before the subject existed).
 */
const SeedSubject = CreateSubjectBody.extend({ formerNames: z.array(CreateSubjectBody.shape.name).optional() });

function readSeed<T extends z.ZodTypeAny>(file: string, schema: T): z.infer<T>[] {
  return z.array(schema).parse(JSON.parse(readFileSync(`${DEMO_DIR}/${file}`, 'utf8')));
}

export type SeedReport = { departments: number; subjects: number } & CreditSeedReport & { market: MarketSeedReport };

export async function seedDemo(db: Db, clock: Clock): Promise<SeedReport> {
  const ctx: Ctx = { actor: systemActor('seed'), clock, requestId: null };
  const report = { departments: 0, subjects: 0 };

  for (const dep of readSeed('departments.json', Department)) {
    await db.transaction().execute(async (trx) => {
      const row = { id: newId('department', clock.now()), ...dep, created_at: clock.now() };
      const inserted = await trx
        .insertInto('credit.departments')
        .values(row)
        .onConflict((oc) => oc.column('uscc').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!inserted) return;
      await recordAudit(trx, ctx, { action: 'department.create', entityType: 'department', entityId: row.id, after: dep });
      report.departments += 1;
    });
  }

  const existing = new Set((await db.selectFrom('credit.subjects').select('uscc').execute()).map((r) => r.uscc));
  for (const { formerNames = [], ...subject } of readSeed('subjects.json', SeedSubject)) {
    if (existing.has(subject.uscc)) continue;
    const names = [...formerNames, subject.name];
    await createSubject(db, ctx, { ...subject, name: names[0]! });
    for (const name of names.slice(1)) await updateSubject(db, ctx, subject.uscc, { name });
    report.subjects += 1;
  }
  const credit = await seedDemoCredit(db, clock);
  // The market after the credit side: its purchases of June and November meet the black list of May.
  return { ...report, ...credit, market: await seedDemoMarket(db) };
}

/** True when the registry holds no subjects yet: the first start of a new data directory. */
export async function isEmpty(db: Db): Promise<boolean> {
  const row = await db.selectFrom('credit.subjects').select('id').limit(1).executeTakeFirst();
  return row === undefined;
}
