import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newContract, postTo } from '../helpers/arrears.js';
import { onDay, settableClock } from '../helpers/clock.js';
import { DEPT_A, DEPT_B, recordBody, subjectBody, uniqueUscc } from '../helpers/factories.js';
import { createHarness, type Harness, show, TokenFactory } from '../helpers/harness.js';

/** Issue 9 #27 (token lifetime, what names may hold, whose keys and receipts) and #15 (the kid of an unknown key). */
const clock = settableClock(onDay('2026-11-20'));
let h: Harness;
beforeAll(async () => {
  h = await createHarness({ clock });
});
afterAll(async () => {
  await h.close();
});

const now = () => Math.floor(Date.now() / 1000);

describe('token lifetime', () => {
  it('refuses a token whose exp is further ahead than the maximum lifetime (24 h by default)', async () => {
    const token = await h.tokens.sign('admin', {}, { exp: now() + 100 * 365 * 86_400 });
    const res = await h.request('GET', '/api/v1/subjects', { token });
    expect(res.status, show(res)).toBe(401);
    expect(res.body.detail).toBe("the token's exp is more than 24 h ahead; tokens may live at most 24 h");
  });

  it('accepts a token that lives just under the maximum', async () => {
    const token = await h.tokens.sign('admin', {}, { exp: now() + 23 * 3600 });
    expect((await h.request('GET', '/api/v1/subjects', { token })).status).toBe(200);
  });

  it('refuses a token issued in the future, beyond a minute of clock skew', async () => {
    const { SignJWT } = await import('jose');
    const sign = (iat: number) =>
      new SignJWT({ role: 'admin' })
        .setProtectedHeader({ alg: 'ES256', kid: h.tokens.kid })
        .setIssuer('credit-registry')
        .setAudience('credit-registry-api')
        .setSubject('admin:skew')
        .setIssuedAt(iat)
        .setExpirationTime(now() + 3600)
        .sign((h.tokens as unknown as { privateKey: CryptoKey }).privateKey);
    const future = await h.request('GET', '/api/v1/subjects', { token: await sign(now() + 3600) });
    expect(future.status, show(future)).toBe(401);
    expect(future.body.detail).toContain('iat');
    const skewed = await h.request('GET', '/api/v1/subjects', { token: await sign(now() + 30) });
    expect(skewed.status, show(skewed)).toBe(200);
  });

  it('names the kid of a token signed by a key the service does not know', async () => {
    const stranger = await TokenFactory.create('token-2026-01-01-elsewhere');
    const res = await h.request('GET', '/api/v1/subjects', { token: await stranger.sign('admin') });
    expect(res.status, show(res)).toBe(401);
    expect(res.body.detail).toContain('"token-2026-01-01-elsewhere"');
  });
});

describe('names and free text refuse control characters and bidi overrides', () => {
  it.each([
    ['a right-to-left override', '示例\u202E司公限有'],
    ['a first-strong isolate', '示例\u2068公司'],
    ['a NUL', '示例\u0000公司'],
    ['a line break', '示例\n公司'],
    ['an escape sequence', '示例\u001b[31m公司'],
  ])('refuses %s in a subject name and a legal representative', async (_what, text) => {
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    for (const field of ['name', 'legalRepresentative']) {
      const res = await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody({ [field]: text }) });
      expect(res.status, show(res)).toBe(400);
      expect(res.body.errors).toContainEqual({ path: field, in: 'body', message: expect.stringContaining('control characters') });
    }
  });

  it('keeps line breaks in free text but refuses an override there', async () => {
    const regulator = await h.tokens.sign('regulator', { dept: DEPT_A });
    const { uscc } = (await h.request('POST', '/api/v1/subjects', { token: regulator, body: subjectBody() })).body;
    const record = (facts: string) => h.request('POST', '/api/v1/records', { token: regulator, body: recordBody(uscc, { facts }) });
    const refused = await record('事实\u202E描述');
    expect(refused.status, show(refused)).toBe(400);
    expect(refused.body.errors[0].path).toBe('facts');
    const multiline = await record('第一行\n第二行');
    expect(multiline.status, show(multiline)).toBe(201);
    expect(multiline.body.facts).toBe('第一行\n第二行');
  });
});

describe('what belongs to a (role, sub) pair', () => {
  it('shows a check receipt to the sub that asked only under the role it asked with', async () => {
    const applicant = await h.tokens.sign('applicant', { sub: 'person-7' });
    const made = await h.request('POST', '/api/v1/checks', { token: applicant, body: { usccs: [uniqueUscc()] } });
    expect(made.status, show(made)).toBe(201);
    expect((await h.request('GET', `/api/v1/checks/${made.body.id}`, { token: applicant })).status).toBe(200);
    const samePersonAsPlatform = await h.tokens.sign('platform', { sub: 'person-7' });
    const res = await h.request('GET', `/api/v1/checks/${made.body.id}`, { token: samePersonAsPlatform });
    expect(res.status, show(res)).toBe(403);
  });

  it("does not give an admin the clerk's answer for the clerk's ledger key", async () => {
    const clerk = await h.tokens.sign('finance', { sub: 'clerk-1' });
    const contract = await newContract(h, clerk);
    await h.request('POST', `/api/v1/arrears/contracts/${contract.id}/events`, {
      token: clerk,
      body: { type: 'delivery', on: '2026-02-02', amountFen: '100000' },
    });
    const body = { type: 'payment', amountFen: '100', on: '2026-11-01' };
    const first = await postTo(h, clerk, contract.id, body, 'shared-key-1');
    expect(first.status, show(first)).toBe(201);
    const replay = await postTo(h, clerk, contract.id, body, 'shared-key-1');
    expect(replay.headers.get('idempotency-replayed')).toBe('true');

    for (const other of [await h.tokens.sign('admin', { sub: 'clerk-1' }), await h.tokens.sign('admin', { sub: 'admin-9' })]) {
      const res = await postTo(h, other, contract.id, body, 'shared-key-1');
      expect(res.status, show(res)).toBe(409);
      expect(res.body.detail).toContain('another caller');
      expect(res.text).not.toContain(first.body.requestId);
    }
  });

  it('keeps the generic Idempotency-Key of one role apart from the same sub under another', async () => {
    const asRegulator = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'person-8' });
    const asAdmin = await h.tokens.sign('admin', { sub: 'person-8' });
    const body = subjectBody();
    const headers = { 'Idempotency-Key': 'create-1' };
    const first = await h.request('POST', '/api/v1/subjects', { token: asRegulator, body, headers });
    expect(first.status, show(first)).toBe(201);
    const second = await h.request('POST', '/api/v1/subjects', { token: asAdmin, body, headers });
    expect(second.headers.get('idempotency-replayed')).toBeNull();
    expect(second.status, show(second)).toBe(409); // run as its own request: the code is taken
  });

  it("never replays one department's answer to a token of another department under the same sub", async () => {
    const forA = await h.tokens.sign('regulator', { dept: DEPT_A, sub: 'person-9' });
    const forB = await h.tokens.sign('regulator', { dept: DEPT_B, sub: 'person-9' });
    const body = subjectBody();
    const headers = { 'Idempotency-Key': 'create-9' };
    const first = await h.request('POST', '/api/v1/subjects', { token: forA, body, headers });
    expect(first.status, show(first)).toBe(201);
    const second = await h.request('POST', '/api/v1/subjects', { token: forB, body, headers });
    expect(second.headers.get('idempotency-replayed')).toBeNull();
    expect(second.status, show(second)).toBe(409); // judged as its own request
  });
});
