import { Webhook } from 'standardwebhooks';
import type { DeliveryKey } from '../../signing/delivery-key.js';

/**
 * Standard Webhooks 1.0 signatures of a pushed message. Both schemes sign the same content,
 * `{webhook-id}.{webhook-timestamp}.{body}` (timestamp in whole seconds):
 *  - `v1`: HMAC-SHA256 with the endpoint's shared secret (`whsec_` + base64), computed by the maintained
 *    `standardwebhooks` package so the platform can verify with any implementation of the spec;
 *  - `v1a`: Ed25519 with the registry's delivery key; the platform holds only the public key (JWKS, or
 *    `whpk_…`), so a leaked receiver cannot forge messages.
 */
export const SECRET_PREFIX = 'whsec_';
export const SECRET_MIN_BYTES = 24;
export const SECRET_MAX_BYTES = 64;

/** How many bytes a `whsec_…` secret decodes to, or null when it is not `whsec_` + canonical base64. */
export function webhookSecretBytes(secret: string): number | null {
  if (!secret.startsWith(SECRET_PREFIX)) return null;
  const encoded = secret.slice(SECRET_PREFIX.length);
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(encoded) || encoded.length === 0) return null;
  return atob(encoded).length;
}

export type Signing = 'v1' | 'v1a';
export const signingOf = (secret: string | null): Signing => (secret ? 'v1' : 'v1a');

export type WebhookMessage = { id: string; timestamp: Date; body: string };

/** The `webhook-signature` header value: `v1,<base64>` with a secret, else `v1a,<base64>` with the delivery key. */
export function webhookSignature(message: WebhookMessage, secret: string | null, deliveryKey: DeliveryKey): string {
  if (secret) return new Webhook(secret).sign(message.id, message.timestamp, message.body);
  const signed = new TextEncoder().encode(`${message.id}.${seconds(message.timestamp)}.${message.body}`);
  return `v1a,${toBase64(deliveryKey.sign(signed))}`;
}

/** Every header of one attempt: the id is stable across retries, the timestamp and signature are the attempt's. */
export function webhookHeaders(message: WebhookMessage, secret: string | null, deliveryKey: DeliveryKey): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': 'credit-registry-webhooks/1',
    'webhook-id': message.id,
    'webhook-timestamp': String(seconds(message.timestamp)),
    'webhook-signature': webhookSignature(message, secret, deliveryKey),
  };
}

const seconds = (at: Date) => Math.floor(at.getTime() / 1000);

function toBase64(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}
