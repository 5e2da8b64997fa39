import { compactVerify, createLocalJWKSet, decodeProtectedHeader, exportJWK, generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { createProofSigner } from '../../src/signing/signer.js';

/** A signed status verifies with nothing but the published keys and a standard JWS library. */
describe('status proofs', () => {
  it('verify against the JWKS, with the header a verifier expects, and differ from any other payload', async () => {
    const { privateKey } = await generateKeyPair('ES256', { extractable: true });
    const signer = await createProofSigner({ ...(await exportJWK(privateKey)), kid: 'proof-test' });
    const status = { uscc: '91210100BQ00087E6B', on: '2026-11-20', black: false, name: '沈阳某某咨询有限公司' };
    const jws = await signer.sign(status);
    expect(decodeProtectedHeader(jws)).toEqual({ alg: 'ES256', kid: 'proof-test', typ: 'credit-status+jws' });
    const { payload } = await compactVerify(jws, createLocalJWKSet({ keys: signer.jwks() }));
    expect(JSON.parse(new TextDecoder().decode(payload))).toEqual(status);
    // A payload swapped under the signature does not verify.
    const [header, , signature] = jws.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...status, black: true })).toString('base64url')}.${signature}`;
    await expect(compactVerify(forged, createLocalJWKSet({ keys: signer.jwks() }))).rejects.toThrow();
  });
});
