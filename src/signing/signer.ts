import { base64url, CompactSign, FlattenedSign, importJWK, type JWK } from 'jose';

/**
 * ES256 signers, one per purpose, each with its own key and kid: status proofs (the public status of a
 * subject on a day) apart from the feed to the city platform (checkpoints and feed pages), so one can
 * rotate without the other. Retired public keys stay published so what was signed before a rotation
 * still verifies.
 */
export interface ProofSigner {
  sign(payload: unknown): Promise<string>;
  jwks(): JWK[];
}

export interface FeedSigner {
  readonly kid: string;
  /** Compact JWS over the JSON of `payload`, with `typ` in the protected header. */
  sign(payload: unknown, typ: string): Promise<string>;
  /**
   * Detached compact JWS (`header..signature`, RFC 7515 Appendix F) over exact bytes, such as a feed
   * page's body, with the unencoded payload of RFC 7797 (`b64: false`, `crit: ["b64"]`): the signing
   * input is the header, a dot and the raw bytes, so a 400 kB page is not base64-encoded to be signed
   * (7 ms → under 1 ms). Verify with the body as the payload, e.g. jose's flattenedVerify.
   */
  signDetached(content: Uint8Array, typ: string): Promise<string>;
  jwks(): JWK[];
}

async function prepare(privateJwk: JWK, retired: JWK[], what: string) {
  if (!privateJwk.kid) throw new Error(`the ${what} key needs a kid`);
  const key = await importJWK(privateJwk, 'ES256');
  const { d: _private, ...publicJwk } = privateJwk;
  const published = [{ ...publicJwk, use: 'sig', alg: 'ES256' }, ...retired];
  return { key, kid: privateJwk.kid, published };
}

export async function createProofSigner(privateJwk: JWK, retired: JWK[] = []): Promise<ProofSigner> {
  const feed = await createFeedSigner(privateJwk, retired, 'proof');
  return { sign: (payload) => feed.sign(payload, 'credit-status+jws'), jwks: feed.jwks };
}

export async function createFeedSigner(privateJwk: JWK, retired: JWK[] = [], what = 'feed'): Promise<FeedSigner> {
  const { key, kid, published } = await prepare(privateJwk, retired, what);
  const native = await nativeEs256(privateJwk);
  return {
    kid,
    async sign(payload, typ) {
      const bytes = new TextEncoder().encode(JSON.stringify(payload));
      if (native) return compactJws(bytes, { alg: 'ES256', kid, typ }, native);
      return new CompactSign(bytes).setProtectedHeader({ alg: 'ES256', kid, typ }).sign(key);
    },
    async signDetached(content, typ) {
      const jws = await new FlattenedSign(content).setProtectedHeader({ alg: 'ES256', kid, typ, b64: false, crit: ['b64'] }).sign(key);
      return `${jws.protected}..${jws.signature}`;
    },
    jwks: () => published,
  };
}

type Es256 = (signingInput: Uint8Array) => Uint8Array;

/**
 * ES256 through node:crypto's one-shot sign where the runtime has it: a third of WebCrypto's cost per
 * signature (WebCrypto queues every signature as an asynchronous job), which is most of what a signed
 * status costs beyond its query. The signature is checked once against WebCrypto's own verification
 * before it is used; a runtime without it (or with an incomplete one) signs through jose.
 */
async function nativeEs256(privateJwk: JWK): Promise<Es256 | null> {
  try {
    const crypto = await import('node:crypto');
    const key = crypto.createPrivateKey({ key: privateJwk as import('node:crypto').JsonWebKey, format: 'jwk' });
    const sign: Es256 = (input) => new Uint8Array(crypto.sign('sha256', input, { key, dsaEncoding: 'ieee-p1363' }));
    const probe = new TextEncoder().encode('registry.es256.probe');
    const { d: _private, ...publicJwk } = privateJwk;
    const verifier = await globalThis.crypto.subtle.importKey('jwk', publicJwk, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['verify']);
    const ok = await globalThis.crypto.subtle.verify(
      { name: 'ECDSA', hash: 'SHA-256' },
      verifier,
      sign(probe) as Uint8Array<ArrayBuffer>,
      probe,
    );
    return ok ? sign : null;
  } catch {
    return null;
  }
}

/** A compact JWS (RFC 7515 §7.1) over the payload bytes, the header serialised as jose does. */
function compactJws(payload: Uint8Array, header: Record<string, string>, sign: Es256): string {
  const signingInput = `${base64url.encode(JSON.stringify(header))}.${base64url.encode(payload)}`;
  return `${signingInput}.${base64url.encode(sign(new TextEncoder().encode(signingInput)))}`;
}
