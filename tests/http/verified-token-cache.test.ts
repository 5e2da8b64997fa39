import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { createTokenVerifier } from '../../src/http/auth.js';

/**
 * The verifier remembers a token that verified (so a client's next request skips the signature check),
 * but never past the token's exp, never a refused token, and only for the exact text that verified.
 */
const ISSUER = 'credit-registry';
const AUDIENCE = 'credit-registry-api';

async function setup() {
  const { privateKey, publicKey } = await generateKeyPair('ES256', { extractable: true });
  const verify = createTokenVerifier({
    issuer: ISSUER,
    audience: AUDIENCE,
    publicJwks: [{ ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES256' }],
  });
  const sign = (exp: number) =>
    new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('admin:test')
      .setIssuedAt()
      .setExpirationTime(exp)
      .sign(privateKey);
  return { verify, sign };
}

describe('verified token cache', () => {
  it('refuses a remembered token once its exp has passed', async () => {
    const { verify, sign } = await setup();
    const exp = Math.floor(Date.now() / 1000) + 2;
    const token = await sign(exp);
    expect((await verify(token)).role).toBe('admin');
    expect((await verify(token)).role).toBe('admin'); // remembered
    await new Promise((resolve) => setTimeout(resolve, exp * 1000 - Date.now() + 50));
    await expect(verify(token)).rejects.toThrow(/expired/);
  });

  it('checks every other text in full: a token whose signature was altered after the original verified is refused', async () => {
    const { verify, sign } = await setup();
    const token = await sign(Math.floor(Date.now() / 1000) + 600);
    await verify(token);
    const [header, payload, signature] = token.split('.');
    const flipped = `${signature![0] === 'A' ? 'B' : 'A'}${signature!.slice(1)}`;
    await expect(verify(`${header}.${payload}.${flipped}`)).rejects.toThrow(/signature/);
    // A refused token is not remembered either: it is refused again.
    await expect(verify(`${header}.${payload}.${flipped}`)).rejects.toThrow(/signature/);
  });

  it('hands out the same actor frozen, so one request cannot change another’s', async () => {
    const { verify, sign } = await setup();
    const token = await sign(Math.floor(Date.now() / 1000) + 600);
    const actor = await verify(token);
    expect(Object.isFrozen(actor)).toBe(true);
    expect(await verify(token)).toBe(actor);
  });
});
