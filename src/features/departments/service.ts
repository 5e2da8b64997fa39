import type { Actor } from '../../core/actor.js';
import { decodeCursor, toPageBy } from '../../core/pagination.js';
import { assertRole } from '../../core/policy.js';
import type { Db, Trx } from '../../db/types.js';
import { READERS } from './policy.js';
import type { DepartmentFilter } from './schemas.js';

/**
 * The departments (监管部门) known to the registry, by code. The table names them for display: a
 * token's `dept` need not be listed here (the identity provider decides who is a department), so a
 * lookup by code may find no name.
 */
const toView = (row: { uscc: string; name: string; region: string; sector: string }) => ({
  code: row.uscc,
  name: row.name,
  region: row.region,
  sector: row.sector,
});

export async function listDepartments(db: Db, actor: Actor, filter: DepartmentFilter) {
  assertRole(actor, READERS, 'list departments');
  const after = decodeCursor(filter.cursor);
  let query = db.selectFrom('credit.departments').select(['uscc', 'name', 'region', 'sector']);
  if (filter.region) query = query.where('region', '=', filter.region);
  if (filter.sector) query = query.where('sector', '=', filter.sector);
  if (after) query = query.where('uscc', '>', after);
  const rows = await query
    .orderBy('uscc')
    .limit(filter.limit + 1)
    .execute();
  return toPageBy(rows, filter.limit, (row) => row.uscc, toView);
}

/** The names of these departments by code (codes with no row are absent), for views that show who decided. */
export async function departmentNames(db: Db | Trx, codes: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(codes)];
  if (!unique.length) return new Map();
  const rows = await db.selectFrom('credit.departments').select(['uscc', 'name']).where('uscc', 'in', unique).execute();
  return new Map(rows.map((r) => [r.uscc, r.name]));
}
