import { recordAudit } from '../../audit/log.js';
import type { ActorCtx } from '../../core/actor.js';
import { fail } from '../../core/errors.js';
import { assertRole } from '../../core/policy.js';
import type { Db } from '../../db/types.js';
import { STANDARD_KEEPERS } from './policy.js';
import type { SectorStandardInput } from './schemas.js';

/**
 * The class a penalty implies, as data: the general table (penalty type → least class) and each
 * department's own 轻微/一般/严重 standard, which prevails for that department's records.
 */
export async function penaltyClassTable(db: Db) {
  const [table, standards] = await Promise.all([
    db.selectFrom('credit.penalty_classes').selectAll().orderBy('penalty_type').execute(),
    db.selectFrom('credit.sector_standards').selectAll().orderBy('department').orderBy('penalty_type').execute(),
  ]);
  return {
    items: table.map((r) => ({ penaltyType: r.penalty_type, leastSeverity: r.least_severity })),
    standards: standards.map((r) => ({
      department: r.department,
      penaltyType: r.penalty_type,
      leastSeverity: r.least_severity,
      documentNo: r.document_no,
      loadedAt: r.loaded_at.toISOString(),
    })),
  };
}

/** An admin loads (or replaces) a department's own standard, with the document that publishes it. */
export async function putSectorStandard(db: Db, ctx: ActorCtx, department: string, input: SectorStandardInput) {
  assertRole(ctx.actor, STANDARD_KEEPERS, 'load sector standards');
  return db.transaction().execute(async (trx) => {
    const known = new Set((await trx.selectFrom('credit.penalty_classes').select('penalty_type').execute()).map((r) => r.penalty_type));
    input.items.forEach((item, i) => {
      if (!known.has(item.penaltyType))
        throw fail.validation(`items.${i}.penaltyType`, `not a penalty type of the table: ${item.penaltyType}`);
    });
    const before = await trx.selectFrom('credit.sector_standards').selectAll().where('department', '=', department).execute();
    await trx.deleteFrom('credit.sector_standards').where('department', '=', department).execute();
    const now = ctx.clock.now();
    if (input.items.length) {
      await trx
        .insertInto('credit.sector_standards')
        .values(
          input.items.map((item) => ({
            department,
            penalty_type: item.penaltyType,
            least_severity: item.leastSeverity,
            document_no: input.documentNo,
            loaded_by: ctx.actor.sub,
            loaded_at: now,
          })),
        )
        .execute();
    }
    const after = { department, documentNo: input.documentNo, items: input.items };
    await recordAudit(trx, ctx, { action: 'sector_standard.put', entityType: 'sector_standard', entityId: department, before, after });
    return after;
  });
}
