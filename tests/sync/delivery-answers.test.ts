import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemClock } from '../../src/core/clock.js';
import type { Claimed } from '../../src/sync/delivery/claim.js';
import { BODY_READ_MS, sendMessage } from '../../src/sync/delivery/send.js';
import { createHarness, type Harness } from '../helpers/harness.js';

/**
 * The status line decides an attempt: a platform that answers 200 and then trickles its body past the
 * request timeout, or breaks the body off, has acknowledged the message; a refusal stays a refusal
 * whatever its body does. The body is read under its own short bound.
 */
const TIMEOUT_MS = 300;
let h: Harness;
let url: string;
let close: () => Promise<void>;
const open = new Set<ServerResponse>();

type Answer = (res: ServerResponse) => void;
const answers = new Map<string, Answer>();

beforeAll(async () => {
  h = await createHarness({ clock: systemClock, env: { SYNC_DELIVERY_TIMEOUT_MS: String(TIMEOUT_MS) } });
  const server = createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    req.resume();
    req.on('end', () => answers.get(req.url ?? '')?.(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  close = () =>
    new Promise<void>((resolve) => {
      for (const res of open) res.destroy();
      server.close(() => resolve());
    });
});
afterAll(async () => {
  await close();
  await h.close();
});

const claim = (path: string): Claimed => ({
  id: `msg_answers_${path.slice(1)}`,
  body: '{}',
  attempts: 1,
  attemptNo: 1,
  url: `${url}${path}`,
  secret: null,
});
const later = (ms: number, then: () => void) => setTimeout(then, ms);

describe('an answer whose status has come', () => {
  it('is a delivery when 200 arrives in time and the body trickles on past the timeout', async () => {
    answers.set('/trickle', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('ok');
      later(TIMEOUT_MS + 400, () => res.end(' — and the rest, late'));
    });
    const outcome = await sendMessage(claim('/trickle'), systemClock, h.deps.sync);
    expect(outcome).toMatchObject({ ok: true, status: 200, error: null });
  });

  it('is a delivery when 200 arrives and the body never ends; the read gives up after its own bound', async () => {
    answers.set('/endless', (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('ok');
    });
    const outcome = await sendMessage(claim('/endless'), systemClock, h.deps.sync);
    expect(outcome).toMatchObject({ ok: true, status: 200, error: null });
    expect(outcome.durationMs, 'bounded by the timeout and the body bound').toBeLessThan(TIMEOUT_MS + BODY_READ_MS + 1500);
  });

  it('is a delivery when 202 arrives and the connection then breaks mid-body', async () => {
    answers.set('/broken', (res) => {
      res.writeHead(202, { 'content-type': 'text/plain', 'content-length': '100' });
      res.write('accepted');
      later(50, () => res.destroy());
    });
    const outcome = await sendMessage(claim('/broken'), systemClock, h.deps.sync);
    expect(outcome).toMatchObject({ ok: true, status: 202, error: null });
  });

  it('stays a refusal when a 503 trickles, explained by what of the body arrived', async () => {
    answers.set('/refused', (res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.write('busy, try later');
    });
    const outcome = await sendMessage(claim('/refused'), systemClock, h.deps.sync);
    expect(outcome).toMatchObject({ ok: false, status: 503, error: 'answered 503: busy, try later' });
  });

  it('is a failure when no status comes within the timeout', async () => {
    answers.set('/silent', () => {});
    const outcome = await sendMessage(claim('/silent'), systemClock, h.deps.sync);
    expect(outcome).toMatchObject({ ok: false, status: null, error: `no answer within ${TIMEOUT_MS} ms` });
  });
});
