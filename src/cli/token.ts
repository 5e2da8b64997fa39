import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError, configFromProcess } from '../config.js';
import { ROLES, type Role } from '../core/actor.js';
import { parseUscc } from '../lib/uscc.js';
import { keyFile, readKey } from '../runtime/keys.js';
import { mintToken } from '../signing/tokens.js';

/**
 * `npm run token -- --role regulator --dept <USCC>`: prints a token signed with the data directory's
 * token key as its last line. Reads only the key file, so it works while the service runs; it never
 * creates a key (a key of its own would mint tokens the service refuses).
 */
const USAGE = `usage: npm run -s token -- --role <role> [options]

  --role <role>       one of ${ROLES.join(', ')}
  --dept <USCC>       the department of a regulator or reviewer (required for them)
  --uscc <USCC>       the subject's own code (required for role subject)
  --sub <id>          who the token stands for (default: a new id for each token)
  --ttl <duration>    lifetime like 30m, 8h or 1d (default 8h; at most AUTH_MAX_TOKEN_LIFETIME_SECONDS)
  --data-dir <dir>    the service's data directory, whose keys/token.json signs (default: DATA_DIR or ./data)
  -h, --help          this text

The token is the last line of the output.`;

const SECONDS = { s: 1, m: 60, h: 3600, d: 86_400 } as const;

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function parseCommandLine() {
  try {
    return parseArgs({
      options: {
        role: { type: 'string' },
        dept: { type: 'string' },
        uscc: { type: 'string' },
        sub: { type: 'string' },
        ttl: { type: 'string', default: '8h' },
        'data-dir': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }).values;
  } catch (error) {
    return fail(`${(error as Error).message}\n\n${USAGE}`);
  }
}

const values = parseCommandLine();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
let config: ReturnType<typeof configFromProcess>;
try {
  config = configFromProcess();
} catch (error) {
  if (error instanceof ConfigError) fail(error.message);
  throw error;
}
const role = values.role as Role | undefined;
const problems: string[] = [];
if (!role || !ROLES.includes(role)) problems.push(`--role must be one of ${ROLES.join(', ')}`);
for (const flag of ['dept', 'uscc'] as const) {
  const value = values[flag];
  if (value !== undefined) {
    const parsed = parseUscc(value);
    if (!parsed.ok) problems.push(`--${flag}: ${parsed.message}`);
  }
}
if ((role === 'regulator' || role === 'reviewer') && !values.dept) problems.push(`a ${role} token needs --dept <department USCC>`);
if (role === 'subject' && !values.uscc) problems.push("a subject token needs --uscc <the subject's USCC>");
const ttl = /^(\d+)([smhd])$/.exec(values.ttl!);
const ttlSeconds = ttl ? Number(ttl[1]) * SECONDS[ttl[2] as keyof typeof SECONDS] : 0;
if (!ttl) problems.push('--ttl like 30m, 8h or 1d');
else if (ttlSeconds > config.AUTH_MAX_TOKEN_LIFETIME_SECONDS)
  problems.push(
    `--ttl ${values.ttl} is longer than the service accepts (AUTH_MAX_TOKEN_LIFETIME_SECONDS=${config.AUTH_MAX_TOKEN_LIFETIME_SECONDS})`,
  );
if (problems.length) fail(`${problems.join('\n')}\n\n(npm run token -- --help for usage)`);

const dataDir = resolve(values['data-dir'] ?? config.DATA_DIR);
const key = readKey(dataDir, 'token');
if (!key) {
  fail(
    `no token key in ${dataDir}: ${keyFile(dataDir, 'token')} does not exist. The service creates it on its first start; ` +
      'run npm start first, or point --data-dir (or DATA_DIR) at the data directory of the running service.',
  );
}
if (config.AUTH_JWKS_URL || config.AUTH_PUBLIC_JWK) {
  console.error('note: AUTH_JWKS_URL or AUTH_PUBLIC_JWK is set, so a service with this configuration refuses this token');
}
const claims: Record<string, string> = { role: role! };
if (values.dept) claims.dept = values.dept.toUpperCase();
if (values.uscc) claims.uscc = values.uscc.toUpperCase();
// Each token is its own caller unless told otherwise: receipts and idempotency keys belong to a sub.
const sub = values.sub ?? `${role}:${claims.dept ?? claims.uscc ?? 'local'}:${randomUUID().slice(0, 8)}`;
const token = await mintToken(
  key,
  { sub, role: role!, dept: claims.dept, uscc: claims.uscc },
  { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, ttlSeconds },
);
console.error(`${role} token for sub ${sub}, key ${key.kid} from ${dataDir}, valid ${values.ttl}`);
console.log(token);
