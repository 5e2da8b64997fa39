import type { Clock } from '../../core/clock.js';
import type { SyncEnv } from '../env.js';
import type { Claimed, Outcome } from './claim.js';
import { webhookHeaders } from './signature.js';

/**
 * One attempt: POST the message's exact body with fresh Standard Webhooks headers (same webhook-id,
 * this attempt's timestamp and signature). Any 2xx is an acknowledgement; anything else — another
 * status, a redirect (not followed: the registered URL is the one that was vetted), a refused
 * connection, no answer within the timeout — is a failure to be retried. The answer's body is read
 * (bounded) so the connection can be reused, and its start kept to explain a failure.
 */
const ERROR_TEXT_MAX = 300;

export async function sendMessage(claim: Claimed, clock: Clock, env: SyncEnv): Promise<Outcome> {
  const started = performance.now();
  const headers = webhookHeaders({ id: claim.id, timestamp: clock.now(), body: claim.body }, claim.secret, env.deliveryKey);
  const elapsed = () => performance.now() - started;
  try {
    const response = await fetch(claim.url, {
      method: 'POST',
      headers,
      body: claim.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(env.timeoutMs),
    });
    const text = await readStart(response);
    if (response.status >= 200 && response.status < 300) return { ok: true, status: response.status, error: null, durationMs: elapsed() };
    const said = text.trim().slice(0, ERROR_TEXT_MAX);
    return { ok: false, status: response.status, error: `answered ${response.status}${said ? `: ${said}` : ''}`, durationMs: elapsed() };
  } catch (error) {
    return { ok: false, status: null, error: describeFailure(error as Error, env.timeoutMs), durationMs: elapsed() };
  }
}

/** The first few KB of an answer: enough to explain a refusal, and a huge answer is not read to its end. */
async function readStart(response: Response, maxBytes = 4096): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  while (size < maxBytes) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
  }
  if (size >= maxBytes) await reader.cancel();
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes.subarray(0, maxBytes));
}

function describeFailure(error: Error, timeoutMs: number): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? error.message;
  return `request failed: ${detail}`.slice(0, ERROR_TEXT_MAX);
}
