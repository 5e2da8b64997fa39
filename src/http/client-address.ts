import type { Context } from 'hono';

/**
 * Whether the request came from this machine (loopback). Node's adapter hands the socket over as
 * env.incoming; elsewhere (the Worker, app.request in tests) there is none, and the answer is no.
 * Behind a reverse proxy on the same machine every request is from loopback: what is offered to
 * loopback only must then not be proxied (or needs its own credential).
 */
export function fromLoopback(c: Context): boolean {
  const address = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket?.remoteAddress;
  return address !== undefined && /^(127\.|::1$|::ffff:127\.)/.test(address);
}
