import { z } from '@hono/zod-openapi';
import { CREDENTIALS_REFUSED, carriesCredentials } from '../../lib/webhook-url.js';
import { SECRET_MAX_BYTES, SECRET_MIN_BYTES, webhookSecretBytes } from '../../sync/delivery/signature.js';

/** What push endpoints and watches share: the webhook URL and the Standard Webhooks secret. */
function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

export const webhookUrl = (example: string) =>
  z
    .string()
    .trim()
    .max(2000)
    .refine(isHttpUrl, 'must be an http:// or https:// URL')
    .refine((value) => !carriesCredentials(value), CREDENTIALS_REFUSED)
    .openapi({ example });

/** `what` names what is signed: messages to an endpoint, notifications of a watch. */
export const webhookSecret = (what: string) =>
  z
    .string()
    .refine((value) => {
      const bytes = webhookSecretBytes(value);
      return bytes !== null && bytes >= SECRET_MIN_BYTES && bytes <= SECRET_MAX_BYTES;
    }, `must be whsec_ followed by the base64 of ${SECRET_MIN_BYTES} to ${SECRET_MAX_BYTES} random bytes (Standard Webhooks)`)
    .openapi({
      description: `Shared secret: ${what} are signed v1 (HMAC-SHA256). Absent: v1a (Ed25519) with the registry’s delivery key`,
      example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
    });
