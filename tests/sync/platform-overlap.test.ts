import { Webhook } from 'standardwebhooks';
import { afterEach, describe, expect, it } from 'vitest';
import { newSecret } from '../helpers/delivery.js';
import { type Platform, startPlatform } from '../helpers/platform-server.js';

/**
 * The test platform is what the delivery tests' "never in flight twice at once" rests on, so its own
 * judgement is tested: a message sent again while the first request is still open is an overlap; a
 * retry sent after the sender gave up on the first (closed its connection) is not, even when the close
 * reaches the platform after the retry.
 */
let platform: Platform | undefined;
afterEach(async () => {
  await platform?.close();
  platform = undefined;
});

async function send(target: Platform, secret: string, id: string, signal?: AbortSignal) {
  const body = JSON.stringify({ type: 'credit.feed.batch', data: { seq: 1, events: [] } });
  const headers = { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(Date.now() / 1000)) };
  const signature = new Webhook(secret).sign(id, new Date(Number(headers['webhook-timestamp']) * 1000), body);
  return fetch(target.url, { method: 'POST', body, signal, headers: { ...headers, 'webhook-signature': signature } });
}

describe('the test platform', () => {
  it('reports a message sent again while its first request is still open', async () => {
    const secret = newSecret();
    platform = await startPlatform({ secret });
    platform.script({ kind: 'hang' }, { kind: 'ok' });
    const held = platform.nextHold();
    const first = new AbortController();
    const pending = send(platform, secret, 'msg_twice', first.signal).catch(() => null);
    await held;
    const second = await send(platform, secret, 'msg_twice');
    expect(second.status).toBe(200);
    expect(platform.overlaps).toEqual(['msg_twice']);
    first.abort();
    await pending;
  });

  it('does not report a retry sent after the sender gave up on the first request', async () => {
    const secret = newSecret();
    platform = await startPlatform({ secret });
    platform.script({ kind: 'hang' }, { kind: 'ok' });
    const held = platform.nextHold();
    const first = new AbortController();
    const pending = send(platform, secret, 'msg_retry', first.signal).catch(() => null);
    await held;
    first.abort();
    await pending;
    // At once, as a retry schedule of 0 s does: the close of the first may not have reached the server yet.
    const retry = await send(platform, secret, 'msg_retry');
    expect(retry.status).toBe(200);
    expect(platform.overlaps).toEqual([]);
  });

  it('reports a message sent again while the first is still being answered, even when that answer comes soon', async () => {
    const secret = newSecret();
    platform = await startPlatform({ secret });
    platform.script({ kind: 'slow', ms: 100 }, { kind: 'ok' });
    const first = send(platform, secret, 'msg_soon');
    await new Promise((r) => setTimeout(r, 30));
    const second = await send(platform, secret, 'msg_soon');
    expect((await first).status).toBe(200);
    expect(second.status).toBe(200);
    expect(platform.overlaps).toEqual(['msg_soon']);
  });
});
