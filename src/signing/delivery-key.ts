import { ed25519 } from '@noble/curves/ed25519.js';
import type { JWK } from 'jose';

/**
 * The registry's Ed25519 delivery key: it signs pushed webhooks as Standard Webhooks `v1a`, so a
 * platform endpoint registered without a shared secret verifies with a public key only. The key is an
 * OKP JWK (kty OKP, crv Ed25519) published in the JWKS beside the ES256 keys; `whpk` is the same public
 * key in Standard Webhooks' own notation (`whpk_` + base64).
 */
export interface DeliveryKey {
  readonly kid: string;
  /** Ed25519 signature over the message, raw 64 bytes. */
  sign(message: Uint8Array): Uint8Array;
  readonly whpk: string;
  jwks(): JWK[];
}

const fromBase64Url = (text: string) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
export const toBase64Url = (bytes: Uint8Array) => toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

export function createDeliveryKey(privateJwk: JWK, retired: JWK[] = []): DeliveryKey {
  if (privateJwk.kty !== 'OKP' || privateJwk.crv !== 'Ed25519' || !privateJwk.d || !privateJwk.kid) {
    throw new Error('the delivery key must be an Ed25519 OKP JWK with d and kid');
  }
  const secret = fromBase64Url(privateJwk.d);
  const publicKey = ed25519.getPublicKey(secret);
  if (toBase64Url(publicKey) !== privateJwk.x) throw new Error('the delivery key: x does not match d');
  const kid = privateJwk.kid;
  const published: JWK[] = [{ kty: 'OKP', crv: 'Ed25519', x: privateJwk.x, kid, alg: 'EdDSA', use: 'sig' }, ...retired];
  return {
    kid,
    sign: (message) => ed25519.sign(message, secret),
    whpk: `whpk_${toBase64(publicKey)}`,
    jwks: () => published,
  };
}

/** A new Ed25519 private JWK (the Node service keeps one in its data directory). */
export function generateDeliveryJwk(kid: string): JWK {
  const secret = ed25519.utils.randomSecretKey();
  return {
    kty: 'OKP',
    crv: 'Ed25519',
    d: toBase64Url(secret),
    x: toBase64Url(ed25519.getPublicKey(secret)),
    kid,
    alg: 'EdDSA',
    use: 'sig',
  };
}
