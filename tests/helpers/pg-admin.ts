import pg from 'pg';

export function adminPool(url: string) {
  return new pg.Pool({ connectionString: url, max: 2 });
}

export function templateName() {
  return `registry_tpl_${process.pid}`;
}

export function databaseUrl(base: string, name: string): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Drops a test database once its clients have gone. pg resolves pool.end() when it has sent its
 * goodbyes, not when the server has closed the sessions; dropping WITH (FORCE) at that moment kills
 * backends whose clients no longer listen, which surfaces as uncaught errors.
 */
export async function dropDatabase(admin: pg.Pool, name: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const { rows } = await admin.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
    if (rows[0].n === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}
