import { sql } from 'kysely';
import type { Db } from '../../db/types.js';

/** Ready when the database answers and holds exactly the migrations this build expects. */
export async function readiness(db: Db, expected: { name: string; checksum: string }[]) {
  let applied: { name: string; checksum: string }[];
  try {
    applied = (await sql<{ name: string; checksum: string }>`SELECT name, checksum FROM public.schema_migrations`.execute(db)).rows;
  } catch {
    return {
      status: 'not_ready' as const,
      database: 'unreachable' as const,
      migrations: { expected: expected.length, applied: 0, current: false, problems: ['cannot read public.schema_migrations'] },
    };
  }
  const recorded = new Map(applied.map((m) => [m.name, m.checksum]));
  const problems = expected.flatMap((m) => {
    const checksum = recorded.get(m.name);
    if (checksum === undefined) return [`${m.name} not applied`];
    return checksum === m.checksum ? [] : [`${m.name} differs from the applied version`];
  });
  const current = problems.length === 0;
  return {
    status: current ? ('ready' as const) : ('not_ready' as const),
    database: 'reachable' as const,
    migrations: { expected: expected.length, applied: applied.length, current, problems },
  };
}
