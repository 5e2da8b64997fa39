import type { Clock } from '../../core/clock.js';
import type { SyncEnv } from '../env.js';
import type { Claimed, Outcome } from './claim.js';
import { webhookHeaders } from './signature.js';

/**
 * One attempt: POST the message's exact body with fresh Standard Webhooks headers (same webhook-id,
 * this attempt's timestamp and signature). The status line decides: any 2xx is an acknowledgement;
 * anything else — another status, a redirect (not followed: the registered URL is the one that was
 * vetted), a refused connection, no status within the timeout — is a failure to be retried. The
 * answer's body is read afterwards under its own short bound, so the connection can be reused and a
 * refusal's start kept to explain it; a body that trickles or breaks off never turns a 2xx into a
 * failure (the platform has acknowledged by then).
 *
 * Stored error text never holds the URL: a URL may carry a token in its path or query, and what a
 * failure says is shown to whoever reads deliveries.
 */
const ERROR_TEXT_MAX = 300;
/** How long the answer's body may take once the status has arrived (the lease's margin covers it). */
export const BODY_READ_MS = 1000;

export async function sendMessage(claim: Claimed, clock: Clock, env: SyncEnv): Promise<Outcome> {
  const started = performance.now();
  const headers = webhookHeaders({ id: claim.id, timestamp: clock.now(), body: claim.body }, claim.secret, env.deliveryKey);
  const elapsed = () => performance.now() - started;
  // One controller for both phases: the request's timeout until the status arrives, then the body's.
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(new DOMException('timeout', 'TimeoutError')), env.timeoutMs);
  try {
    let response: Response;
    try {
      response = await fetch(claim.url, { method: 'POST', headers, body: claim.body, redirect: 'manual', signal: controller.signal });
    } catch (error) {
      return { ok: false, status: null, error: describeFailure(error as Error, env.timeoutMs, claim.url), durationMs: elapsed() };
    }
    clearTimeout(timer);
    timer = setTimeout(() => controller.abort(), BODY_READ_MS);
    const ok = response.status >= 200 && response.status < 300;
    const text = await readStart(response);
    if (ok) return { ok: true, status: response.status, error: null, durationMs: elapsed() };
    const said = redact(text.trim(), claim.url).slice(0, ERROR_TEXT_MAX);
    return { ok: false, status: response.status, error: `answered ${response.status}${said ? `: ${said}` : ''}`, durationMs: elapsed() };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * The first few KB of an answer: enough to explain a refusal, and a huge answer is not read to its
 * end. Best effort: whatever arrived before the body broke off or its bound ran out.
 */
async function readStart(response: Response, maxBytes = 4096): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < maxBytes) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
    if (size >= maxBytes) await reader.cancel();
  } catch {
    reader.cancel().catch(() => {});
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(bytes.subarray(0, maxBytes));
}

/** Why a request got no status: a timeout, or the network error's code; never the URL itself. */
export function describeFailure(error: Error, timeoutMs: number, url: string): string {
  if (error.name === 'TimeoutError' || error.name === 'AbortError') return `no answer within ${timeoutMs} ms`;
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message ?? error.message;
  // A network error may quote the URL in some other spelling: anything shaped like one goes.
  return redact(`request failed: ${detail}`, url)
    .replace(/\b[a-z][a-z0-9+.-]*:\/\/[^\s"'<>]+/gi, '<url>')
    .slice(0, ERROR_TEXT_MAX);
}

/** Removes the message's URL, as registered and as parsed, from a text to be stored. */
function redact(text: string, url: string): string {
  let out = text;
  for (const form of new Set([url, hrefOf(url)])) if (form) out = out.split(form).join('<url>');
  return out;
}

function hrefOf(url: string): string | null {
  try {
    return new URL(url).href;
  } catch {
    return null;
  }
}
