import { CompactSign, importJWK, type JWK } from 'jose';

/**
 * Signs status proofs (compact JWS, ES256) with the proof key, apart from the token keys. Retired
 * public keys stay published so proofs signed before a rotation still verify.
 */
export interface ProofSigner {
  sign(payload: unknown): Promise<string>;
  jwks(): JWK[];
}

export async function createProofSigner(privateJwk: JWK, retired: JWK[] = []): Promise<ProofSigner> {
  if (!privateJwk.kid) throw new Error('the proof key needs a kid');
  const key = await importJWK(privateJwk, 'ES256');
  const { d: _private, ...publicJwk } = privateJwk;
  const published = [{ ...publicJwk, use: 'sig', alg: 'ES256' }, ...retired];
  return {
    async sign(payload) {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload)))
        .setProtectedHeader({ alg: 'ES256', kid: privateJwk.kid, typ: 'credit-status+jws' })
        .sign(key);
    },
    jwks: () => published,
  };
}
