import { resolve } from 'node:path';
import type { Config } from '../config.js';
import type { RunningServer } from './server.js';

/** A path as one shell word (quoted only when it needs to be). */
const shellWord = (text: string) => (/^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

/**
 * The token command for this service, with its data directory spelled out: a token minted from
 * another directory's key is refused, so the command a person copies must name this one.
 */
export function tokenCommand(config: Config, flags = '--role regulator --dept 11210100QY80000166'): string {
  return `npm run -s token -- --data-dir ${shellWord(resolve(config.DATA_DIR))} ${flags}`;
}

/** What `npm start` prints: where it listens, where the data is, and how to get in. */
export function startBanner(server: RunningServer, config: Config, startedMs: number): string[] {
  const ownKey = !config.AUTH_JWKS_URL && !config.AUTH_PUBLIC_JWK;
  return [
    `credit registry listening on ${server.url}  (started in ${startedMs} ms)`,
    server.mode === 'embedded' ? `data: embedded PostgreSQL (PGlite) in ${server.location}` : `data: PostgreSQL at ${server.location}`,
    server.seeded
      ? `demo data loaded: ${server.seeded.departments} departments, ${server.seeded.subjects} subjects, ${server.seeded.records} records, ${server.seeded.listEntries} list entries, ${server.seeded.contracts} arrears contracts; 中介超市: ${server.seeded.market.agencies} agencies, ${server.seeded.market.announcements} announcements`
      : 'demo data: not loaded (database not empty, or SEED_DEMO=false)',
    `pages: ${server.url}/  (信用查询, 红黑名单, 中介超市, 工作台${server.demoSignIn ? ' with one-click demo sign-in' : ''})`,
    `API docs: ${server.url}/docs   OpenAPI: ${server.url}/openapi.json   中介超市: ${server.url}/api/v1/market/agencies`,
    `tokens verified with: ${server.tokenSource}`,
    ownKey
      ? `get a token: ${tokenCommand(config)}`
      : 'get a token from the identity provider (AUTH_JWKS_URL / AUTH_PUBLIC_JWK); npm run token does not apply',
  ];
}
