import { parseArgs } from 'node:util';
import { importJWK, SignJWT } from 'jose';
import { configFromProcess } from '../config.js';
import { ROLES, type Role } from '../core/actor.js';
import { parseUscc } from '../lib/uscc.js';
import { loadOrCreateKey } from '../runtime/keys.js';

/**
 * `npm run token -- --role regulator --dept <USCC>`: prints a token signed with the data directory's
 * token key as its last line. Reads only the key file, so it works while the service runs.
 */
const { values } = parseArgs({
  options: {
    role: { type: 'string' },
    dept: { type: 'string' },
    uscc: { type: 'string' },
    sub: { type: 'string' },
    ttl: { type: 'string', default: '8h' },
  },
});
const config = configFromProcess();
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
if (!/^\d+[smhd]$/.test(values.ttl!)) problems.push('--ttl like 30m, 8h or 7d');
if (problems.length) {
  console.error(problems.join('\n'));
  process.exit(1);
}
const key = await loadOrCreateKey(config.DATA_DIR, 'token');
const claims: Record<string, string> = { role: role! };
if (values.dept) claims.dept = values.dept.toUpperCase();
if (values.uscc) claims.uscc = values.uscc.toUpperCase();
const token = await new SignJWT(claims)
  .setProtectedHeader({ alg: 'ES256', kid: key.kid, typ: 'JWT' })
  .setIssuer(config.AUTH_ISSUER)
  .setAudience(config.AUTH_AUDIENCE)
  .setSubject(values.sub ?? `${role}:${values.dept ?? values.uscc ?? 'local'}`)
  .setIssuedAt()
  .setExpirationTime(values.ttl!)
  .sign(await importJWK(key.privateJwk, 'ES256'));
console.log(token);
