import { base64url, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEPT_A, subjectBody } from '../helpers/factories.js';
import { createHarness, type Harness, show, TokenFactory } from '../helpers/harness.js';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => {
  await h.close();
});

const claims = { role: 'regulator', dept: DEPT_A };
const encode = (value: object) => base64url.encode(JSON.stringify(value));

async function expect401(token: string | undefined, headers: Record<string, string> = {}) {
  const res = await h.request('GET', '/api/v1/subjects', { token, headers });
  expect(res.status, show(res)).toBe(401);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  expect(res.body).toMatchObject({ status: 401, title: 'Authentication required' });
  return res;
}

describe('authentication', () => {
  it('accepts a valid ES256 token', async () => {
    const res = await h.request('GET', '/api/v1/subjects', { token: await h.tokens.sign('regulator', { dept: DEPT_A }) });
    expect(res.status, show(res)).toBe(200);
  });

  it('rejects a request without a token', async () => {
    const res = await expect401(undefined);
    expect(res.body.detail).toContain('bearer token');
  });

  it('rejects a malformed token and a malformed header', async () => {
    await expect401('not.a.jwt');
    await expect401(undefined, { Authorization: 'Basic dXNlcjpwYXNz' });
  });

  it('rejects alg: none', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ ...claims, sub: 'x', iss: 'credit-registry', aud: 'credit-registry-api', exp: now + 600 })}.`;
    await expect401(token);
  });

  it('rejects a signature made by another key', async () => {
    const stranger = await TokenFactory.create(h.tokens.kid);
    const res = await expect401(await stranger.sign('regulator', { dept: DEPT_A }));
    expect(res.body.detail).toContain('signature');
  });

  it('rejects an HS256 token whose secret is the public key', async () => {
    const secret = new TextEncoder().encode(JSON.stringify(h.tokens.publicJwk));
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: h.tokens.kid })
      .setIssuer('credit-registry')
      .setAudience('credit-registry-api')
      .setSubject('x')
      .setExpirationTime('1h')
      .sign(secret);
    await expect401(token);
  });

  it('rejects an expired token', async () => {
    const res = await expect401(await h.tokens.sign('regulator', { dept: DEPT_A }, { exp: Math.floor(Date.now() / 1000) - 60 }));
    expect(res.body.detail).toContain('expired');
  });

  it('rejects a wrong audience and a wrong issuer', async () => {
    const aud = await expect401(await h.tokens.sign('regulator', { dept: DEPT_A }, { aud: 'another-api' }));
    expect(aud.body.detail).toContain('aud');
    const iss = await expect401(await h.tokens.sign('regulator', { dept: DEPT_A }, { iss: 'someone-else' }));
    expect(iss.body.detail).toContain('iss');
  });

  it('rejects a regulator token without its department', async () => {
    await expect401(await h.tokens.sign('regulator'));
  });
});

describe('authorisation by role', () => {
  it('answers 403 to a valid token whose role may not act', async () => {
    for (const role of ['subject', 'applicant', 'platform', 'finance'] as const) {
      const token = await h.tokens.sign(role, role === 'subject' ? { uscc: '91350100M000100Y43' } : {});
      const res = await h.request('POST', '/api/v1/subjects', { token, body: subjectBody() });
      expect(res.status, show(res)).toBe(403);
      expect(res.body.detail).toContain(role);
    }
  });

  it('judges the role before the body, so a stranger learns nothing from validation', async () => {
    const token = await h.tokens.sign('applicant');
    const res = await h.request('POST', '/api/v1/subjects', { token, body: { uscc: 'nonsense' } });
    expect(res.status, show(res)).toBe(403);
  });
});
