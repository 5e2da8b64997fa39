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
