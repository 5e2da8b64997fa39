import { type HttpBindings, type ServerType, serve } from '@hono/node-server';

type Fetch = (request: Request, env: HttpBindings) => Response | Promise<Response>;

/** The port cannot be had (in use, not permitted, no such address): one line for the person starting it. */
export class ListenError extends Error {}

export type Listener = {
  port: number;
  /** Where a person on this machine reaches it. */
  url: string;
  /** Hands requests to the app from now on (until then they are answered 503, starting). */
  serve(fetch: Fetch): void;
  /**
   * Stops accepting connections and resolves once every open one has ended: idle keep-alive connections
   * are closed at once, a request in flight is answered (with `Connection: close`) and its connection
   * then ends; whatever is still open after `graceMs` is cut.
   */
  close(graceMs?: number): Promise<void>;
};

/**
 * Binds the HTTP port before anything else happens, so a port in use stops the start before a data
 * directory is created, a database opened or demo data seeded. Requests that arrive before the app
 * is ready are answered 503.
 */
export async function listenHttp(port: number, host: string): Promise<Listener> {
  let handler: Fetch = () => starting();
  let closing = false;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const created = serve({ fetch: (request, env) => handler(request, env as HttpBindings), port, hostname: host }, () => resolve(created));
    created.once('error', (error: NodeJS.ErrnoException) => reject(listenError(error, port, host)));
  });
  const address = server.address();
  const bound = typeof address === 'object' && address ? address.port : port;
  return {
    port: bound,
    url: `http://${displayHost(host)}:${bound}`,
    serve: (fetch) => {
      const answer = closingUnreadRequests(fetch);
      handler = async (request, env) => {
        const response = await answer(request, env);
        // Shutting down: the client's next request must go elsewhere, not into a socket about to close.
        if (closing) env.outgoing.shouldKeepAlive = false;
        return response;
      };
    },
    close: (graceMs = 0) =>
      new Promise<void>((resolve) => {
        closing = true;
        const http = server as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
        const cut = setTimeout(() => http.closeAllConnections?.(), graceMs);
        server.close(() => {
          clearTimeout(cut);
          resolve();
        });
        // Idle keep-alive connections would hold close() open until they time out.
        http.closeIdleConnections?.();
      }),
  };
}

/**
 * An answer given before the request body was read (413 too large, 401, 415 …) closes the connection.
 * The rest of the body is still on its way and the server drops such a socket after answering (it
 * cannot always drain it), so a keep-alive client would send its next request into a closed socket
 * ("other side closed"); `Connection: close` tells it to open a new one.
 */
export function closingUnreadRequests(fetch: Fetch): Fetch {
  return async (request, env) => {
    const response = await fetch(request, env);
    if (!env.incoming.complete) env.outgoing.shouldKeepAlive = false;
    return response;
  };
}

function listenError(error: NodeJS.ErrnoException, port: number, host: string): Error {
  const where = `port ${port} on ${host}`;
  if (error.code === 'EADDRINUSE')
    return new ListenError(`${where} is already in use (is the registry already running?); stop that process or set PORT to another port`);
  if (error.code === 'EACCES') return new ListenError(`${where} needs privileges this process does not have; set PORT above 1023`);
  if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
    return new ListenError(`cannot listen on ${where}: HOST is not an address of this machine`);
  return error;
}

function displayHost(host: string): string {
  if (host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}

function starting(): Response {
  const body = {
    type: 'about:blank#unavailable',
    title: 'Service unavailable',
    status: 503,
    detail: 'the service is starting; retry shortly',
  };
  return new Response(JSON.stringify(body), { status: 503, headers: { 'Content-Type': 'application/problem+json', 'Retry-After': '1' } });
}
