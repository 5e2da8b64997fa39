import { createPublicKey, type KeyObject, verify as verifySignature } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

/**
 * A city platform on loopback that receives pushed webhooks, for tests of push delivery and watches.
 * It checks every message the way an independent receiver would — v1 with the `standardwebhooks`
 * package and the shared secret, v1a with node:crypto's Ed25519 and a public key taken from the
 * registry's JWKS — and never with the registry's own signing code. It applies each message once,
 * deduplicating by webhook-id, and counts how often each event was applied.
 *
 * Its behaviour is scripted per request, in arrival order (once the script runs out it answers 200):
 *   ok               apply, answer 200
 *   fail             answer `status` (500) without applying
 *   hang             hold the request open, unapplied, until the sender gives up (or dropHeld())
 *   apply-then-hang  apply, then hold the request open (the acknowledgement never arrives)
 *   slow             apply, answer 200 after `ms`
 *   apply-then-fail  apply, then answer `status` (500): the sender retries what was applied
 */
export type Behaviour =
  | { kind: 'ok' }
  | { kind: 'fail'; status?: number }
  | { kind: 'hang' }
  | { kind: 'apply-then-hang' }
  | { kind: 'slow'; ms: number }
  | { kind: 'apply-then-fail'; status?: number };

export type Received = {
  /** When the request arrived (Date.now()). */
  at: number;
  webhookId: string;
  timestamp: string;
  signature: string;
  body: string;
  verified: boolean;
  refusal: string | null;
  behaviour: Behaviour['kind'] | null;
  duplicate: boolean;
  answered: number | null;
};

/** A message as applied: the webhook-id and its parsed body, in the order they were applied. */
export type Applied = { webhookId: string; payload: { type: string; data: { seq?: number; events?: { id: string; index: number }[] } } };

export type PlatformOptions = {
  /** whsec_… : expect v1 signatures made with this secret. */
  secret?: string;
  /** Ed25519 public JWKs (from GET /.well-known/jwks.json): expect v1a signatures by one of them. */
  publicJwks?: JsonWebKey[];
  /** How far a webhook-timestamp may be from now (Standard Webhooks' default: 5 minutes). */
  toleranceSeconds?: number;
};

export type Platform = Awaited<ReturnType<typeof startPlatform>>;

/** How long an earlier request's close may trail a retry of the same message (see noteOverlap). */
const OVERLAP_GRACE_MS = 200;

export async function startPlatform(options: PlatformOptions) {
  const keys: KeyObject[] = (options.publicJwks ?? []).map((jwk) => createPublicKey({ key: jwk as never, format: 'jwk' }));
  const tolerance = options.toleranceSeconds ?? 300;
  const script: Behaviour[] = [];
  const received: Received[] = [];
  const applied: Applied[] = [];
  const appliedIds = new Map<string, string>();
  const eventCounts = new Map<string, number>();
  const bodyMismatches: string[] = [];
  /** Requests of each message whose connection is still open. */
  const open = new Map<string, Set<ServerResponse>>();
  const overlaps: string[] = [];
  const held = new Set<ServerResponse>();
  const holdWaiters: ((id: string) => void)[] = [];

  /** The platform's own check of a message: signature over `{id}.{timestamp}.{body}` and a fresh timestamp. */
  function check(headers: Record<string, string>, body: string): string | null {
    const id = headers['webhook-id'];
    const timestamp = headers['webhook-timestamp'];
    const signature = headers['webhook-signature'];
    if (!id || !timestamp || !signature) return 'missing webhook headers';
    const age = Math.abs(Date.now() / 1000 - Number(timestamp));
    if (!Number.isFinite(age) || age > tolerance) return `timestamp ${timestamp} outside the tolerance`;
    if (options.secret) {
      try {
        new Webhook(options.secret).verify(body, { 'webhook-id': id, 'webhook-timestamp': timestamp, 'webhook-signature': signature });
        return null;
      } catch (error) {
        return `v1: ${(error as Error).message}`;
      }
    }
    const signed = Buffer.from(`${id}.${timestamp}.${body}`, 'utf8');
    for (const candidate of signature.split(' ')) {
      const [version, value] = candidate.split(',');
      if (version !== 'v1a' || !value) continue;
      const bytes = Buffer.from(value, 'base64');
      if (keys.some((key) => verifySignature(null, signed, key, bytes))) return null;
    }
    return 'v1a: no signature verifies with the published keys';
  }

  function apply(id: string, body: string): boolean {
    const seen = appliedIds.get(id);
    if (seen !== undefined) {
      if (seen !== body) bodyMismatches.push(id);
      return false;
    }
    appliedIds.set(id, body);
    const payload = JSON.parse(body) as Applied['payload'];
    applied.push({ webhookId: id, payload });
    for (const event of payload.data?.events ?? []) eventCounts.set(event.id, (eventCounts.get(event.id) ?? 0) + 1);
    return true;
  }

  /**
   * A message arriving while an earlier request of it is still unanswered is an overlap unless the
   * sender gave up on the earlier one: then that connection closes unanswered, but the close can reach
   * this server just after the retry does, so it is given a short grace. An earlier request answered
   * after the new one arrived, or still open after the grace, was in flight at the same time.
   */
  async function noteOverlap(id: string, unanswered: ServerResponse[]) {
    const outcomes = await Promise.all(
      unanswered.map(
        (earlier) =>
          new Promise<'given up' | 'overlap'>((resolve) => {
            if (earlier.destroyed) return resolve(earlier.writableFinished ? 'overlap' : 'given up');
            const timer = setTimeout(() => resolve('overlap'), OVERLAP_GRACE_MS);
            earlier.once('close', () => {
              clearTimeout(timer);
              resolve(earlier.writableFinished ? 'overlap' : 'given up');
            });
          }),
      ),
    );
    if (outcomes.includes('overlap')) overlaps.push(id);
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const at = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const entry: Received = {
      at,
      webhookId: headers['webhook-id'] ?? '',
      timestamp: headers['webhook-timestamp'] ?? '',
      signature: headers['webhook-signature'] ?? '',
      body,
      verified: false,
      refusal: check(headers, body),
      behaviour: null,
      duplicate: false,
      answered: null,
    };
    received.push(entry);
    const answer = (status: number) => {
      entry.answered = status;
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `refused (${status})`);
    };
    if (entry.refusal) return answer(401);
    entry.verified = true;
    const id = entry.webhookId;
    // Behaviours go by order of arrival, before any wait.
    const behaviour = script.shift() ?? { kind: 'ok' };
    entry.behaviour = behaviour.kind;
    const mine = open.get(id) ?? new Set<ServerResponse>();
    open.set(id, mine);
    const unanswered = [...mine].filter((earlier) => !earlier.writableEnded);
    mine.add(res);
    res.on('close', () => mine.delete(res));
    await noteOverlap(id, unanswered);
    if (behaviour.kind === 'fail') return answer(behaviour.status ?? 500);
    if (behaviour.kind !== 'hang') entry.duplicate = !apply(id, body);
    if (behaviour.kind === 'hang' || behaviour.kind === 'apply-then-hang') {
      held.add(res);
      res.on('close', () => held.delete(res));
      for (const waiter of holdWaiters.splice(0)) waiter(id);
      return;
    }
    if (behaviour.kind === 'slow') await new Promise((resolve) => setTimeout(resolve, behaviour.ms));
    if (res.destroyed) return;
    answer(behaviour.kind === 'apply-then-fail' ? (behaviour.status ?? 500) : 200);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      if (!res.headersSent) res.writeHead(500).end(error.message);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/hooks/credit`,
    received,
    applied,
    overlaps,
    bodyMismatches,
    /** Queues behaviours for the next verified requests, in order. */
    script(...behaviours: Behaviour[]) {
      script.push(...behaviours);
    },
    /** How often each event was applied, by event id. */
    eventCounts: () => new Map(eventCounts),
    /** The seq of each applied batch, in the order applied. */
    appliedSeqs: () => applied.map((a) => a.payload.data.seq),
    /** Resolves with the webhook-id of the next request the platform starts holding open. */
    nextHold: () => new Promise<string>((resolve) => holdWaiters.push(resolve)),
    /** Drops every request held open, as a platform that crashes would. */
    dropHeld() {
      for (const res of held) res.destroy();
    },
    check,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Waits until `done()` holds, checking every 20 ms; fails with `what` and the last state after `timeoutMs`. */
export async function waitUntil(done: () => boolean | Promise<boolean>, what: () => string, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > end) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
