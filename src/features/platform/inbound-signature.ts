import { Webhook } from 'standardwebhooks';
import { DomainError } from '../../core/errors.js';

/**
 * Checks a report from the platform as Standard Webhooks 1.0 defines it: `webhook-signature` holds one
 * or more space-separated `v1,<base64>` HMAC-SHA256 signatures of `{webhook-id}.{webhook-timestamp}.{raw
 * body}` under the shared secret (computed by the maintained `standardwebhooks` package), and the
 * timestamp is within 5 minutes of the registry's clock either way, so a captured report cannot be
 * replayed later. Every failure is 401 and says which check failed, never what the right value was.
 */
export const INBOUND_TOLERANCE_SECONDS = 5 * 60;

export type InboundHeaders = { id: string | undefined; timestamp: string | undefined; signature: string | undefined };

const unauthenticated = (why: string) => new DomainError('UNAUTHENTICATED', `the report's signature is not accepted: ${why}`);

/** Equal strings, compared in time that does not depend on where they differ. */
function sameText(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

export function verifyInbound(secret: string, headers: InboundHeaders, body: string, now: Date): { id: string; timestamp: Date } {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature) {
    const missing = Object.entries({ 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature })
      .filter(([, value]) => !value)
      .map(([name]) => name);
    throw unauthenticated(`missing header ${missing.join(', ')} (Standard Webhooks)`);
  }
  if (!/^[\x21-\x7e]{1,200}$/.test(id)) throw unauthenticated('webhook-id must be 1–200 visible ASCII characters');
  if (!/^\d{1,12}$/.test(timestamp)) throw unauthenticated('webhook-timestamp must be whole seconds since 1970');
  const seconds = Number(timestamp);
  const skew = Math.floor(now.getTime() / 1000) - seconds;
  if (Math.abs(skew) > INBOUND_TOLERANCE_SECONDS) {
    throw unauthenticated(
      `webhook-timestamp is ${Math.abs(skew)} s ${skew > 0 ? 'old' : 'ahead of the registry’s clock'}; at most ${INBOUND_TOLERANCE_SECONDS} s either way is accepted`,
    );
  }
  const expected = new Webhook(secret).sign(id, new Date(seconds * 1000), body).slice('v1,'.length);
  const matches = signature.split(' ').some((one) => one.startsWith('v1,') && sameText(one.slice('v1,'.length), expected));
  if (!matches) throw unauthenticated('no v1 signature in webhook-signature matches the body with the inbound secret');
  return { id, timestamp: new Date(seconds * 1000) };
}
