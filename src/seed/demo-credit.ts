import { readFileSync } from 'node:fs';
import type { Actor, Ctx } from '../core/actor.js';
import { type Clock, fixedClock } from '../core/clock.js';
import type { Db } from '../db/types.js';
import { createBody, createContract, createContractor, post, recordEvent } from '../features/arrears/index.js';
import { runYear } from '../features/evaluation/index.js';
import { proposeEntry, transition } from '../features/lists/index.js';
import { CreateRecordBody, createRecord } from '../features/records/index.js';
import { DEMO_DIR } from './demo.js';

/**
 * The demo's credit and arrears data: records, a published black and a red entry, a yearly evaluation,
 * and arrears contracts with their events and payments — all through the same verbs as the API, so the
 * demo shows what the rules produce. Each part is skipped when it is already there.
 */
const read = <T>(file: string): T => JSON.parse(readFileSync(`${DEMO_DIR}/${file}`, 'utf8')) as T;
const atNoon = (date: string) => fixedClock(`${date}T04:00:00Z`);

type RecordSeed = Record<string, unknown> & { department: string; documentNo: string };
type EntrySeed = {
  department: string;
  subjectUscc: string;
  list: 'red' | 'black' | 'watch';
  reason: string;
  basis: string;
  documentNo: string;
  recordDocumentNos: string[];
  validUntil: string;
  proposedOn: string;
  notifiedOn: string;
  publishedOn: string;
};
type ArrearsSeed = {
  bodies: Parameters<typeof createBody>[2][];
  contractors: Parameters<typeof createContractor>[2][];
  contracts: (Parameters<typeof createContract>[2] & {
    events: Parameters<typeof recordEvent>[3][];
    postings: Parameters<typeof post>[4][];
  })[];
};

export type CreditSeedReport = { records: number; listEntries: number; evaluationRuns: number; contracts: number };

export async function seedDemoCredit(db: Db, clock: Clock): Promise<CreditSeedReport> {
  const report: CreditSeedReport = { records: 0, listEntries: 0, evaluationRuns: 0, contracts: 0 };
  const as = (actor: Actor, at: Clock = clock): Ctx & { actor: Actor } => ({ actor, clock: at, requestId: null });
  const regulator = (dept: string): Actor => ({ sub: `system:seed:${dept}`, role: 'regulator', dept });

  for (const { department, ...record } of read<RecordSeed[]>('records.json')) {
    const exists = await db
      .selectFrom('credit.records')
      .select('id')
      .where('department', '=', department)
      .where('document_no', '=', record.documentNo)
      .where('superseded_at', 'is', null)
      .executeTakeFirst();
    if (exists) continue;
    await createRecord(db, as(regulator(department)), CreateRecordBody.parse(record));
    report.records += 1;
  }

  for (const e of read<EntrySeed[]>('list-entries.json')) {
    const exists = await db
      .selectFrom('credit.list_entries')
      .select('id')
      .where('department', '=', e.department)
      .where('document_no', '=', e.documentNo)
      .executeTakeFirst();
    if (exists) continue;
    const records = e.recordDocumentNos.length
      ? await db
          .selectFrom('credit.records')
          .select('id')
          .where('department', '=', e.department)
          .where('document_no', 'in', e.recordDocumentNos)
          .where('superseded_at', 'is', null)
          .execute()
      : [];
    const entry = await proposeEntry(db, as(regulator(e.department), atNoon(e.proposedOn)), {
      subjectUscc: e.subjectUscc,
      list: e.list,
      reason: e.reason,
      basis: e.basis,
      documentNo: e.documentNo,
      recordIds: records.map((r) => r.id),
      validUntil: e.validUntil,
    });
    await transition(db, as(regulator(e.department), atNoon(e.notifiedOn)), entry.id, {
      action: 'notify',
      reason: '告知拟列入名单的事实、理由、依据和权利',
    });
    await transition(db, as({ sub: 'system:seed:reviewer', role: 'reviewer', dept: e.department }, atNoon(e.publishedOn)), entry.id, {
      action: 'publish',
      reason: '陈述申辩期满，审核通过',
    });
    report.listEntries += 1;
  }

  const lastYear = Number(clock.today().slice(0, 4)) - 1;
  const ran = await db.selectFrom('credit.evaluation_runs').select('id').where('year', '=', lastYear).executeTakeFirst();
  if (!ran) {
    await runYear(db, as({ sub: 'system:seed:reviewer', role: 'reviewer', dept: '11210100QY8000059K' }), lastYear);
    report.evaluationRuns += 1;
  }

  const finance: Actor = { sub: 'system:seed:finance', role: 'finance' };
  const arrears = read<ArrearsSeed>('arrears.json');
  for (const body of arrears.bodies) {
    if (!(await db.selectFrom('arrears.bodies').select('id').where('uscc', '=', body.uscc).executeTakeFirst()))
      await createBody(db, as(finance), body);
  }
  for (const contractor of arrears.contractors) {
    if (!(await db.selectFrom('arrears.contractors').select('id').where('uscc', '=', contractor.uscc).executeTakeFirst()))
      await createContractor(db, as(finance), contractor);
  }
  for (const { events, postings, ...contract } of arrears.contracts) {
    const exists = await db
      .selectFrom('arrears.projects as p')
      .innerJoin('arrears.bodies as b', 'b.id', 'p.debtor_id')
      .select('p.id')
      .where('b.uscc', '=', contract.debtorUscc)
      .where('p.name', '=', contract.projectName)
      .executeTakeFirst();
    if (exists) continue;
    const created = await createContract(db, as(finance), contract);
    for (const event of events) await recordEvent(db, as(finance), created.id, event);
    for (const [i, posting] of postings.entries()) await post(db, as(finance), created.id, `demo-${created.id}-${i}`, posting);
    report.contracts += 1;
  }
  return report;
}
