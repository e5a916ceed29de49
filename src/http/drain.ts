import type { Server, ServerResponse } from 'node:http';

export interface Drainable {
  /** True once `drain` was called. */
  readonly stopping: boolean;
  /**
   * Stops accepting connections and waits for the requests in flight to be answered, `graceMs` at
   * most; then cuts what is left. Resolves with the number of requests cut.
   */
  drain(graceMs: number): Promise<number>;
}

/**
 * A graceful stop for a node:http server. Closing the listener refuses new connections, and node
 * closes the idle keep-alive ones; a connection busy with a request stays until its response is
 * written, then is closed as soon as it is idle. A request that still arrives on such a connection
 * is answered with `Connection: close`. Nothing in flight is cut before the grace period is over.
 */
export function drainable(server: Server): Drainable {
  const inFlight = new Set<ServerResponse>();
  let stopping = false;
  server.on('request', (_request, response: ServerResponse) => {
    inFlight.add(response);
    if (stopping) response.shouldKeepAlive = false;
    response.once('close', () => {
      inFlight.delete(response);
      // The connection is idle now (unless a pipelined request waits on it): close it.
      if (stopping) setImmediate(() => server.closeIdleConnections());
    });
  });
  return {
    get stopping() {
      return stopping;
    },
    drain(graceMs) {
      stopping = true;
      return new Promise((resolve) => {
        const deadline = setTimeout(() => {
          const cut = inFlight.size;
          server.closeAllConnections();
          resolve(cut);
        }, graceMs);
        server.close(() => {
          clearTimeout(deadline);
          resolve(0);
        });
      });
    },
  };
}
