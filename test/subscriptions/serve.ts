import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.js';
import { drainable, type Drainable } from '../../src/http/drain.js';
import { createHttpServer } from '../../src/http/node-server.js';
import { serveWebSockets } from '../../src/http/websocket.js';
import type { TestApp } from '../helpers/app.js';

export interface Served {
  /** http://127.0.0.1:<port>/graphql */
  url: string;
  /** ws://127.0.0.1:<port>/graphql */
  wsUrl: string;
  drainable: Drainable;
  /** Shuts down as the server does: subscriptions end, then the requests in flight are drained. */
  shutdown(graceMs?: number): Promise<number>;
}

/**
 * The test app's database, keys and events, served as src/server.ts serves them: a listening
 * node:http server on a port the system picks, the app (aborted at shutdown) and WebSockets on /graphql.
 */
export async function serve(t: TestApp): Promise<Served> {
  const stopping = new AbortController();
  const app = createApp({
    prisma: t.prisma,
    sql: t.database.db.sql,
    pool: t.database.db.pool,
    config: t.config,
    signingKey: t.signingKey,
    events: t.events?.bus,
    stopping: stopping.signal,
  });
  const server = createHttpServer(app);
  const lifecycle = drainable(server);
  serveWebSockets(server, app, { maxPayloadBytes: t.config.limits.maxBodyBytes, trustedDocuments: t.config.trustedDocuments, stopping: stopping.signal });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    wsUrl: `ws://127.0.0.1:${port}/graphql`,
    drainable: lifecycle,
    async shutdown(graceMs = 5_000) {
      const draining = lifecycle.drain(graceMs);
      stopping.abort();
      const cut = await draining;
      await app.dispose();
      return cut;
    },
  };
}
