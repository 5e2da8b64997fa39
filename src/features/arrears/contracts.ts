import { sql } from 'kysely';
import { recordAudit } from '../../audit/log.js';
import type { Actor, ActorCtx } from '../../core/actor.js';
import { DomainError, fail } from '../../core/errors.js';
import { decodeCursor, encodeCursor } from '../../core/pagination.js';
import type { Db, Trx } from '../../db/types.js';
import { newId } from '../../lib/ids.js';
import { microToPercent, percentToMicro } from '../../lib/money.js';
import { paymentRuleOf, REGULATION_FROM } from './payment-rule.js';
import { assertCanReadContract, assertCanWriteLedger, LPR_KEEPERS, SUPERVISORS } from './policy.js';
import type { ContractInputT } from './schemas.js';

/** Debtor bodies, contractors, the LPR table and contracts. */

export async function createBody(
  db: Db,
  ctx: ActorCtx,
  input: { uscc: string; name: string; kind: 'organ' | 'institution' | 'soe'; department: string },
) {
  assertCanWriteLedger(ctx.actor);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('arrears.bodies')
      .values({ id: newId('body', ctx.clock.now()), ...input, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('uscc').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw fail.conflict(`a debtor body with USCC ${input.uscc} exists`);
    const view = { id: row.id, uscc: row.uscc, name: row.name, kind: row.kind, department: row.department };
    await recordAudit(trx, ctx, { action: 'arrears.body.create', entityType: 'arrears_body', entityId: row.id, after: view });
    return view;
  });
}

export async function createContractor(
  db: Db,
  ctx: ActorCtx,
  input: { uscc: string; name: string; sme: boolean; size: 'micro' | 'small' | 'medium' | 'large' },
) {
  assertCanWriteLedger(ctx.actor);
  return db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('arrears.contractors')
      .values({ id: newId('contractor', ctx.clock.now()), ...input, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('uscc').doNothing())
      .returningAll()
      .executeTakeFirst();
    if (!row) throw fail.conflict(`a contractor with USCC ${input.uscc} exists`);
    const view = { id: row.id, uscc: row.uscc, name: row.name, sme: row.sme, size: row.size };
    await recordAudit(trx, ctx, { action: 'arrears.contractor.create', entityType: 'arrears_contractor', entityId: row.id, after: view });
    return view;
  });
}

export async function lprOn(db: Db | Trx, date: string) {
  const row = await db
    .selectFrom('arrears.lpr_rates')
    .select(['effective_from', 'rate_micro'])
    .where('effective_from', '<=', date)
    .orderBy('effective_from', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!row)
    throw new DomainError(
      'RULE_VIOLATED',
      `no 1-year LPR is recorded on or before ${date}; an admin loads the announcement in force that day with POST /api/v1/arrears/lpr { "effectiveFrom": "YYYY-MM-DD", "ratePercent": "3.45" }`,
    );
  return { effectiveFrom: row.effective_from, micro: BigInt(row.rate_micro) };
}

export async function addLpr(db: Db, ctx: ActorCtx, input: { effectiveFrom: string; ratePercent: string }) {
  if (!LPR_KEEPERS.includes(ctx.actor.role)) throw fail.forbidden('only an admin records LPR announcements');
  return db.transaction().execute(async (trx) => {
    const micro = percentToMicro(input.ratePercent);
    const row = await trx
      .insertInto('arrears.lpr_rates')
      .values({ effective_from: input.effectiveFrom, rate_micro: micro.toString(), created_by: ctx.actor.sub, created_at: ctx.clock.now() })
      .onConflict((oc) => oc.column('effective_from').doNothing())
      .returning('effective_from')
      .executeTakeFirst();
    if (!row) throw fail.conflict(`an LPR effective from ${input.effectiveFrom} is recorded; values are never changed`);
    const view = { effectiveFrom: input.effectiveFrom, rate: microToPercent(micro) };
    await recordAudit(trx, ctx, { action: 'arrears.lpr.create', entityType: 'lpr', entityId: input.effectiveFrom, after: view });
    return view;
  });
}

const DEFAULT_TERM = { organ: 30, institution: 30, soe: 60 } as const;
const MAX_SME_TERM_FOR_PUBLIC_BODIES = 60;

export async function createContract(db: Db, ctx: ActorCtx, input: ContractInputT) {
  assertCanWriteLedger(ctx.actor);
  if (input.signedOn > ctx.clock.today()) throw fail.validation('signedOn', 'a contract cannot be signed in the future');
  return db.transaction().execute(async (trx) => {
    const debtor = await trx.selectFrom('arrears.bodies').selectAll().where('uscc', '=', input.debtorUscc).executeTakeFirst();
    if (!debtor)
      throw new DomainError('RULE_VIOLATED', `debtorUscc: no debtor body ${input.debtorUscc} (POST /api/v1/arrears/bodies first)`);
    const contractor = await trx.selectFrom('arrears.contractors').selectAll().where('uscc', '=', input.contractorUscc).executeTakeFirst();
    if (!contractor)
      throw new DomainError(
        'RULE_VIOLATED',
        `contractorUscc: no contractor ${input.contractorUscc} (POST /api/v1/arrears/contractors first)`,
      );
    const rule = paymentRuleOf(input.signedOn);
    if (!rule.covered && input.paymentTermDays === undefined) {
      throw fail.validation(
        'paymentTermDays',
        `a contract signed before ${REGULATION_FROM} is not covered by the 条例, which gives it no default term: give the contract's own payment term`,
      );
    }
    const term = input.paymentTermDays ?? DEFAULT_TERM[debtor.kind];
    if (rule.covered && contractor.sme && debtor.kind !== 'soe' && term > MAX_SME_TERM_FOR_PUBLIC_BODIES) {
      throw new DomainError(
        'RULE_VIOLATED',
        `an organ or institution pays an SME within at most ${MAX_SME_TERM_FOR_PUBLIC_BODIES} days (第9条); ${term} agreed`,
      );
    }
    // An older contract is accepted under its own terms: no LPR floor, so no LPR is looked up for it.
    const lpr = rule.covered ? await lprOn(trx, input.signedOn) : null;
    let agreed: bigint | null = null;
    if (input.agreedAnnualRatePercent !== undefined) {
      agreed = percentToMicro(input.agreedAnnualRatePercent);
      if (lpr && agreed < lpr.micro) {
        throw new DomainError(
          'RULE_VIOLATED',
          `the agreed late-interest rate ${microToPercent(agreed)} is below the 1-year LPR of ${microToPercent(lpr.micro)} at signing (${lpr.effectiveFrom})`,
          { agreedRate: microToPercent(agreed), lpr: microToPercent(lpr.micro) },
        );
      }
    }
    const now = ctx.clock.now();
    const project = await trx
      .insertInto('arrears.projects')
      .values({ id: newId('project', now), debtor_id: debtor.id, name: input.projectName, created_at: now })
      .onConflict((oc) => oc.columns(['debtor_id', 'name']).doUpdateSet({ name: input.projectName }))
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = newId('contract', now);
    await trx
      .insertInto('arrears.contracts')
      .values({
        id,
        debtor_id: debtor.id,
        contractor_id: contractor.id,
        project_id: project.id,
        amount_fen: input.amountFen,
        signed_on: input.signedOn,
        payment_term_days: term,
        agreed_rate_micro: agreed?.toString() ?? null,
        lpr_at_signing_micro: lpr?.micro.toString() ?? null,
        inspection_period_days: input.inspectionPeriodDays ?? null,
        day_count_basis: input.dayCountBasis,
        sme_at_signing: contractor.sme,
        size_at_signing: contractor.size,
        created_by: ctx.actor.sub,
        created_at: now,
      })
      .execute();
    const view = await contractView(trx, id);
    await recordAudit(trx, ctx, { action: 'arrears.contract.create', entityType: 'arrears_contract', entityId: id, after: view });
    return view;
  });
}

export function contractQuery(db: Db | Trx) {
  return db
    .selectFrom('arrears.contracts as c')
    .innerJoin('arrears.bodies as b', 'b.id', 'c.debtor_id')
    .innerJoin('arrears.contractors as k', 'k.id', 'c.contractor_id')
    .innerJoin('arrears.projects as p', 'p.id', 'c.project_id')
    .selectAll('c')
    .select([
      'b.uscc as debtor_uscc',
      'b.name as debtor_name',
      'b.kind as debtor_kind',
      'b.department as debtor_department',
      'k.uscc as contractor_uscc',
      'k.name as contractor_name',
      'p.name as project_name',
    ]);
}

type ContractRow = NonNullable<Awaited<ReturnType<ReturnType<typeof contractQuery>['executeTakeFirst']>>>;

export function toContractView(c: ContractRow) {
  const rule = paymentRuleOf(c.signed_on);
  return {
    id: c.id,
    projectName: c.project_name,
    amountFen: c.amount_fen,
    signedOn: c.signed_on,
    debtor: { uscc: c.debtor_uscc, name: c.debtor_name, kind: c.debtor_kind, department: c.debtor_department },
    contractor: { uscc: c.contractor_uscc, name: c.contractor_name, smeAtSigning: c.sme_at_signing, sizeAtSigning: c.size_at_signing },
    paymentTermDays: c.payment_term_days,
    inspectionPeriodDays: c.inspection_period_days,
    dayCountBasis: c.day_count_basis,
    agreedAnnualRate: c.agreed_rate_micro ? microToPercent(BigInt(c.agreed_rate_micro), 4) : null,
    lprAtSigning: c.lpr_at_signing_micro ? microToPercent(BigInt(c.lpr_at_signing_micro)) : null,
    lateInterest: c.agreed_rate_micro
      ? `agreed rate / ${c.day_count_basis} per day`
      : !rule.covered
        ? `none agreed (signed before ${REGULATION_FROM}: the 条例's default rate does not apply)`
        : c.sme_at_signing
          ? '0.05% per day (none agreed)'
          : 'none agreed (the contractor was not an SME at signing)',
    paymentRule: { code: rule.code, basis: rule.basis },
    paymentOrder: c.payment_order,
    createdAt: c.created_at.toISOString(),
  };
}

export async function contractView(db: Db | Trx, id: string) {
  const row = await contractQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`contract ${id}`);
  return toContractView(row);
}

/** The contract, read-checked for this actor (before anything else about it is judged). */
export async function readableContract(db: Db | Trx, actor: Actor, id: string) {
  const row = await contractQuery(db).where('c.id', '=', id).executeTakeFirst();
  if (!row) throw fail.notFound(`contract ${id}`);
  assertCanReadContract(actor, row);
  return row;
}

/** Narrows a list to a debtor body or a contractor: its exact USCC, or a part of its name. */
export type ContractFilter = { body?: string; contractor?: string };

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export async function listContracts(db: Db, actor: Actor, limit: number, cursor?: string, filter: ContractFilter = {}) {
  let q = contractQuery(db);
  if (actor.role === 'subject') q = q.where('k.uscc', '=', actor.uscc!);
  else if (!SUPERVISORS.includes(actor.role)) throw fail.forbidden(`role ${actor.role} may not read the arrears ledger`);
  const { body, contractor } = filter;
  if (body) q = q.where((eb) => eb.or([eb('b.uscc', '=', body), eb('b.name', 'like', likePattern(body))]));
  if (contractor) q = q.where((eb) => eb.or([eb('k.uscc', '=', contractor), eb('k.name', 'like', likePattern(contractor))]));
  const after = decodeCursor(cursor);
  if (after) q = q.where('c.id', '>', after);
  const rows = await q
    .orderBy('c.id')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return { items: page.map(toContractView), nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
}

export const lockContract = (trx: Trx, id: string) => sql`SELECT id FROM arrears.contracts WHERE id = ${id} FOR UPDATE`.execute(trx);
