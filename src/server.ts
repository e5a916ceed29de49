import type { RequestListener } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { type Config, loadConfig } from './config.js';
import { drainable } from './http/drain.js';
import { listen } from './http/listen.js';
import { createHttpServer } from './http/node-server.js';
import { startingListener } from './http/starting.js';
import { createLogger } from './log/logger.js';
import { failStartup } from './startup-failure.js';

let config: Config;
try {
  config = loadConfig();
} catch (error) {
  failStartup(error);
}
const logger = createLogger(config.log);
if (config.database.kind === 'pglite') {
  // WebAssembly (the embedded PostgreSQL, Prisma's engines) compiled by V8's baseline compiler
  // only: the embedded server holds about half the memory (345 against 427 MiB idle, measured)
  // for a tenth less throughput. Set before anything compiles.
  setFlagsFromString('--liftoff-only');
}

// The port first: a busy one is reported before the database is touched (no migration, no seed).
let handle: RequestListener = startingListener;
const server = createHttpServer((request, response) => handle(request, response));
const lifecycle = drainable(server);
const port = await listen(server, config.port, config.host).catch((error: unknown) => failStartup(error, logger));

// Tracing next, so that everything after it is traced (the database's first statements too).
const tracing = config.tracing ? (await import('./telemetry/tracing.js')).startTracing(config.tracing) : undefined;
if (config.tracing) logger.info(`traces: sent to ${config.tracing.url}`);

// The app and the database are loaded once the port is ours: a wrong setting or a busy port is
// reported in a moment, not after the schema and the database engine have loaded.
const { createApp } = await import('./app.js');
const { loadSigningKey } = await import('./auth/keys.js');
const { openDatabase } = await import('./db/client.js');
const { applyMigrations } = await import('./db/migrate.js');
const { seedDemoData } = await import('./db/seed.js');
const { serveWebSockets } = await import('./http/websocket.js');
const { startEvents } = await import('./events/runtime.js');
let events: Awaited<ReturnType<typeof startEvents>> | undefined;

// Aborted at shutdown: open subscriptions (SSE streams, WebSockets) end, so that draining does not wait for them.
const stopping = new AbortController();
const db = await openDatabase(config.database).catch((error: unknown) => failStartup(new Error(`Cannot open the database: ${errorMessage(error)}`), logger));
logger.info(`database: ${db.describe}`);
const app = await startApp().catch((error: unknown) => failStartup(error, logger));
handle = app;
serveWebSockets(server, app, { maxPayloadBytes: config.limits.maxBodyBytes, trustedDocuments: config.trustedDocuments, stopping: stopping.signal });
logger.info(`GraphQL and GraphiQL at http://localhost:${port}/graphql`);
logger.info('token for a demo user: npm run token -- alice@acme.test');

async function startApp() {
  if (config.database.kind === 'pglite') {
    const applied = await applyMigrations(db.adapterFactory);
    logger.info(applied.length ? `migrations applied: ${applied.join(', ')}` : 'migrations: up to date');
    if (config.seedDemoData && (await seedDemoData(db.prisma, config.invitationTtlDays))) {
      logger.info('demo data seeded: alice@acme.test, bob@acme.test, carol@globex.test, dave@example.test');
    }
  } else {
    logger.info('migrations: run `npm run db:migrate` to apply pending ones to PostgreSQL');
  }
  const signingKey = await loadSigningKey({ signingKey: config.tokens.signingKey, dataDir: config.dataDir });
  if (config.database.kind === 'postgres' && !config.tokens.signingKey) {
    logger.warn(`SIGNING_KEY is not set: using the key file under ${config.dataDir}; replicas must share one key`);
  }
  events = await startEvents({ db, config, signingKey, logger });
  logger.info(`events: job queue in schema ${config.events.queueSchema}, outbox relay and LISTEN started`);
  return createApp({
    prisma: db.prisma,
    sql: db.sql,
    pool: db.pool,
    config,
    signingKey,
    logger,
    isStopping: () => lifecycle.stopping,
    events: events.bus,
    stopping: stopping.signal,
  });
}

/** SIGTERM (or SIGINT): /ready answers 503, no new connection, the requests in flight are answered, then the database closes. */
async function shutdown(signal: string) {
  if (lifecycle.stopping) return;
  const draining = lifecycle.drain(config.shutdownGraceMs);
  stopping.abort();
  logger.info(`${signal}: stopped accepting connections; draining the requests in flight (${config.shutdownGraceMs} ms at most)`);
  const cut = await draining;
  if (cut) logger.warn(`${cut} requests cut: not answered within SHUTDOWN_GRACE_MS`);
  await app.dispose();
  // Running jobs may finish within the grace period; the others stay queued for the next server.
  await events?.stop(config.shutdownGraceMs);
  await db.close();
  await tracing?.shutdown(); // sends the last spans
  logger.info('stopped: requests drained, database closed');
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
