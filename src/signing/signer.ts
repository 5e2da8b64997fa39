import { CompactSign, FlattenedSign, importJWK, type JWK } from 'jose';

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
  return {
    kid,
    async sign(payload, typ) {
      return new CompactSign(new TextEncoder().encode(JSON.stringify(payload))).setProtectedHeader({ alg: 'ES256', kid, typ }).sign(key);
    },
    async signDetached(content, typ) {
      const jws = await new FlattenedSign(content).setProtectedHeader({ alg: 'ES256', kid, typ, b64: false, crit: ['b64'] }).sign(key);
      return `${jws.protected}..${jws.signature}`;
    },
    jwks: () => published,
  };
}
